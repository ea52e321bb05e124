/**
 * Port numbers of service names in FreeBSD's /etc/services (source: usr.sbin/services_mkdb/services), for the
 * services jails usually offer or use: pfctl and ipfw look a port written by name up with getservbyname(3). A name
 * outside this list is left undecided by the pf evaluator and reported by the ipfw front end as ipfw reports a word
 * it cannot read.
 */
const TABLE: Record<string, number> = {
  "ftp-data": 20,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  auth: 113,
  nntp: 119,
  ntp: 123,
  "netbios-ns": 137,
  "netbios-dgm": 138,
  "netbios-ssn": 139,
  imap: 143,
  snmp: 161,
  "snmp-trap": 162,
  bgp: 179,
  ldap: 389,
  https: 443,
  "microsoft-ds": 445,
  isakmp: 500,
  syslog: 514,
  submission: 587,
  ldaps: 636,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  nfs: 2049,
  nfsd: 2049,
  mysql: 3306,
  sieve: 4190,
  "ipsec-nat-t": 4500,
  sip: 5060,
  postgresql: 5432,
  x11: 6000,
  "http-alt": 8080,
};

/** Looked up as a map: a port named `constructor` or `toString` is no service. */
export const SERVICES: ReadonlyMap<string, number> = new Map(Object.entries(TABLE));
