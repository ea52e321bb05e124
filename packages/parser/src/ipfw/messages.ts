/**
 * ipfw(8)'s own error messages, as sbin/ipfw/ipfw2.c prints them (errx(3) puts "ipfw: " before the text), so a
 * JL001 on an ipfw rule reads as what `ipfw add` would have said. Each message is followed by what to do.
 */

/** A problem ipfw reports in its own words, then the advice: `ipfw: invalid action alow; …`. */
export function ipfwSays(text: string, advice: string): string {
  return `ipfw: ${text}; ${advice}`;
}

/**
 * compile_rule's NEED1() messages for an option whose argument is missing (the command ends after the option).
 * Keys are the option as written; the spellings ipfw2.c rule_options gives one token share its message.
 */
export const OPTION_NEEDS: Readonly<Record<string, string>> = {
  via: "recv, xmit, via require interface name or address",
  recv: "recv, xmit, via require interface name or address",
  xmit: "recv, xmit, via require interface name or address",
  icmptypes: "icmptypes requires list of types",
  icmptype: "icmptypes requires list of types",
  icmp6types: "icmptypes requires list of types",
  icmp6type: "icmptypes requires list of types",
  ipttl: "ipttl requires TTL",
  ipid: "ipid requires id",
  iplen: "iplen requires length",
  ipversion: "ipver requires version",
  ipver: "ipver requires version",
  ipprecedence: "ipprecedence requires value",
  dscp: "missing DSCP code",
  ipoptions: "missing argument for ipoptions",
  ipopts: "missing argument for ipoptions",
  iptos: "missing argument for iptos",
  uid: "uid requires argument",
  gid: "gid requires argument",
  jail: "jail requires argument",
  tcpdatalen: "tcpdatalen requires length",
  tcpoptions: "missing argument for tcpoptions",
  tcpopts: "missing argument for tcpoptions",
  tcpseq: "tcpseq/tcpack requires argument",
  tcpack: "tcpseq/tcpack requires argument",
  tcpwin: "tcpwin requires length",
  tcpflags: "missing argument for tcpflags",
  tcpflgs: "missing argument for tcpflags",
  proto: "missing protocol",
  "src-ip": "missing source IP",
  "dst-ip": "missing destination IP",
  "src-ip6": "missing source IP6",
  "dst-ip6": "missing destination IP6",
  "src-port": "missing source port",
  "dst-port": "missing destination port",
  "mac-type": "missing mac type",
  fib: "fib requires fib number",
  flow: "missing table name",
  lookup: "format: lookup argument tablenum",
  tagged: "tagged: missing argument",
  limit: "limit: missing limit mask",
  "set-limit": "limit: missing limit mask",
};

/** compile_rule's messages for an action whose argument is missing. */
export function actionNeeds(keyword: string): string {
  switch (keyword) {
    case "unreach":
      return "missing reject code";
    case "unreach6":
      return "missing unreach code";
    case "setfib":
      return "missing fib number";
    case "setdscp":
      return "missing DSCP code";
    case "fwd":
    case "forward":
      return "missing forward address[:port]";
    case "tcp-setmss":
      return "Missing MSS value";
    case "eaction":
      return "Missing eaction name";
    default:
      // chkarg: nat, queue, pipe, skipto, netgraph, ngtee, divert, tee, call.
      return `missing argument for ${keyword}`;
  }
}

/** ipfw2.c icmpcodes: the names `unreach` takes besides a number below 256. */
export const ICMP_UNREACH_CODES = new Set([
  "net",
  "host",
  "protocol",
  "port",
  "needfrag",
  "srcfail",
  "net-unknown",
  "host-unknown",
  "isolated",
  "net-prohib",
  "host-prohib",
  "tosnet",
  "toshost",
  "filter-prohib",
  "host-precedence",
  "precedence-cutoff",
]);

/**
 * The protocol names getprotobyname(3) finds in FreeBSD's /etc/protocols (names and aliases, as
 * ipfw2.c add_proto0 looks them up), with the words add_proto_compat takes itself (`ip`, `all`, `ip4`, `ipv4`,
 * `ip6`, `ipv6`).
 */
export const PROTOCOL_NAMES = new Set(
  (
    "ip all ip4 ipv4 ip6 ipv6 icmp igmp ggp ipencap st2 tcp cbt egp igp bbn-rcc-mon nvp-ii pup argus emcon xnet chaos " +
    "udp mux dcn-meas hmp prm xns-idp trunk-1 trunk-2 leaf-1 leaf-2 rdp irtp iso-tp4 netblt mfe-nsp merit-inp dccp " +
    "3pc idpr xtp ddp idpr-cmtp tp++ il ipv6-route ipv6-frag sdrp idrp rsvp gre dsr bna esp ah i-nlsp swipe narp " +
    "mobile tlsp skip ipv6-icmp icmp6 ipv6-nonxt ipv6-opts cftp sat-expak kryptolan rvd ippc sat-mon visa ipcv cpnx " +
    "cphb wsn pvp br-sat-mon sun-nd wb-mon wb-expak iso-ip vmtp secure-vmtp vines ttp nsfnet-igp dgp tcf eigrp ospf " +
    "ospfigp sprite-rpc larp mtp ax.25 ipip micp scc-sp etherip encap gmtp ifmp pnni pim aris scps qnx a/n ipcomp snp " +
    "compaq-peer ipx-in-ip carp vrrp pgm l2tp ddx iatp stp srp uti smp sm ptp isis fire crtp crudp sscopmce iplt sps " +
    "pipe sctp fc rsvp-e2e-ignore mobility-header udplite mpls-in-ip manet hip shim6 wesp rohc pfsync divert"
  ).split(" "),
);

/** A word ipfw takes as a protocol: a name /etc/protocols gives (in any case, as its aliases are written), or a number above 0. */
export function isProtocol(word: string): boolean {
  return PROTOCOL_NAMES.has(word.toLowerCase()) || /^0*[1-9]\d*$/.test(word);
}
