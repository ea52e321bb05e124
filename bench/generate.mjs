// Deterministic inputs for the benchmarks: host trees whose pf.conf grows with the jails, as real hosts' do,
// an rc.conf of a given length, and the JL202 case (every jail on lo1, one pf rule per jail pair). Every choice
// comes from a seeded PRNG, so the same sizes give byte-identical files on every machine.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: small, fast, and good enough to vary names, ports and services. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 0x6a61696c; // "jail"
const ROLES = ["www", "db", "mail", "cache", "ci", "dns", "git", "mon", "proxy", "vpn"];
const SERVICES = { www: 80, db: 5432, mail: 25, cache: 6379, ci: 8080, dns: 53, git: 22, mon: 9100, proxy: 3128, vpn: 1194 };

/** 127.1.0.1 …: one /32 loopback alias per jail on lo1, as the recommended setup gives them. */
export function address(i) {
  const n = i + 1;
  return `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

function jails(n, random) {
  return Array.from({ length: n }, (_, i) => {
    const role = ROLES[Math.floor(random() * ROLES.length)];
    return { name: `${role}${String(i).padStart(5, "0")}`, role, addr: address(i) };
  });
}

function jailConf(list, random) {
  const out = [
    'exec.start = "/bin/sh /etc/rc";',
    'exec.stop = "/bin/sh /etc/rc.shutdown jail";',
    "exec.clean;",
    "mount.devfs;",
    "devfs_ruleset = 4;",
    'path = "/usr/local/jails/$name";',
    "securelevel = 3;",
    "enforce_statfs = 2;",
    "",
  ];
  for (const j of list) {
    out.push(`${j.name} {`, `    host.hostname = "${j.name}.example.org";`, `    ip4.addr = "lo1|${j.addr}/32";`);
    if (j.role === "db") out.push("    sysvmsg = new;", "    sysvsem = new;", "    sysvshm = new;");
    else if (random() < 0.5) out.push(`    exec.poststart = "/usr/sbin/service -j ${j.name} ${j.role} start";`);
    out.push("}");
  }
  return out;
}

function rcConf(list) {
  return [
    'hostname="jailhost.example.org"',
    'ifconfig_em0="inet 203.0.113.2/24"',
    'defaultrouter="203.0.113.1"',
    'cloned_interfaces="lo1"',
    'sshd_enable="YES"',
    'jail_enable="YES"',
    `jail_list="${list.map((j) => j.name).join(" ")}"`,
    'pf_enable="YES"',
  ];
}

/**
 * About two lines per jail, as a host with a public service in every jail has them: a macro for every jail and
 * a public port redirected to its service (`rdr pass`, as the recommended setup writes it); every jail in a table
 * of twenty, each table passed to the monitoring jail. Filter rules naming jails one by one are the JL202 case
 * (generateJl202), kept out of this host: today they make JL202 quadratic (over an hour at 10,000 jails).
 */
function pfConf(list, random) {
  const out = [
    'ext_if = "em0"',
    'ext_ip = "203.0.113.2"',
    'jail_net = "127.1.0.0/16"',
    "table <admins> persist { 198.51.100.7 198.51.100.8 }",
    "set skip on lo0",
  ];
  for (const j of list) out.push(`${j.name} = "${j.addr}"`);
  const tables = Math.ceil(list.length / 20);
  for (let g = 0; g < tables; g++)
    out.push(
      `table <grp${g}> persist { ${list
        .slice(g * 20, g * 20 + 20)
        .map((j) => j.addr)
        .join(" ")} }`,
    );
  out.push("nat on $ext_if from $jail_net to any -> ($ext_if)");
  list.forEach((j, k) => {
    const proto = j.role === "dns" || (j.role === "vpn" && random() < 0.5) ? "udp" : "tcp";
    out.push(`rdr pass on $ext_if proto ${proto} from any to $ext_ip port ${10000 + k} -> $${j.name} port ${SERVICES[j.role]}`);
  });
  out.push("block in all", "pass out all keep state", "pass in on $ext_if proto tcp from <admins> to $ext_ip port 22 keep state");
  for (let g = 0; g < tables; g++) out.push(`pass in quick on lo1 proto tcp from <grp${g}> to $${list[0].name} port 9100`);
  out.push("block in quick on lo1 from lo1 to lo1");
  return out;
}

const text = (lines) => `${lines.join("\n")}\n`;

/** A host's /etc: jail.conf, rc.conf and pf.conf for `n` jails. */
export function generateHost(n, seed = SEED) {
  const random = prng(seed + n);
  const list = jails(n, random);
  return { "jail.conf": text(jailConf(list, random)), "rc.conf": text(rcConf(list)), "pf.conf": text(pfConf(list, random)) };
}

/** An rc.conf of about `lines` lines: interfaces, aliases, services and their flags, comments, as real ones grow. */
export function generateRcConf(lines, seed = SEED) {
  const random = prng(seed + lines);
  const out = ['hostname="jailhost.example.org"', 'ifconfig_em0="inet 203.0.113.2/24"', 'defaultrouter="203.0.113.1"'];
  const services = ["sshd", "ntpd", "syslogd", "cron", "nginx", "postgresql", "redis", "unbound", "zfs", "jail"];
  let alias = 0;
  for (let i = 0; out.length < lines; i++) {
    const r = random();
    if (r < 0.15) out.push(`# ${services[i % services.length]} settings, block ${i}`);
    else if (r < 0.5) out.push(`ifconfig_em0_alias${alias}="inet 198.51.${Math.floor(alias / 250)}.${(alias++ % 250) + 1}/32"`);
    else if (r < 0.7) out.push(`${services[Math.floor(random() * services.length)]}${i}_enable="YES"`);
    else if (r < 0.85) out.push(`${services[Math.floor(random() * services.length)]}${i}_flags="-l -p /var/run/s${i}.pid"`);
    else if (r < 0.95)
      out.push(`static_routes="$static_routes r${i}"`, `route_r${i}="-net 10.${i % 250}.0.0/16 203.0.113.${(i % 250) + 1}"`);
    else out.push("");
  }
  return text(out.slice(0, lines));
}

/** issue 14 item 5: `jails` jails on lo1 and `rules` pf rules, one per jail pair, before the block between them. */
export function generateJl202(jailCount, rules, seed = SEED) {
  const random = prng(seed + jailCount * 7 + rules);
  const list = jails(jailCount, random);
  const pf = ['ext_if = "em0"', "set skip on lo0", "nat on $ext_if from 127.1.0.0/16 to any -> ($ext_if)", "block in all"];
  for (let k = 0; k < rules; k++) {
    const from = list[Math.floor(random() * list.length)];
    const to = list[Math.floor(random() * list.length)];
    pf.push(`pass in quick on lo1 proto tcp from ${from.addr} to ${to.addr} port ${SERVICES[to.role]}`);
  }
  pf.push("block in quick on lo1 from lo1 to lo1");
  return { "jail.conf": text(jailConf(list, random)), "rc.conf": text(rcConf(list)), "pf.conf": text(pf) };
}

/** Writes each file of `files` under `dir/etc/` (a host tree, as `jaillint DIR` reads it); returns the paths. */
export function writeTree(dir, files) {
  mkdirSync(join(dir, "etc"), { recursive: true });
  const paths = {};
  for (const [name, content] of Object.entries(files)) {
    paths[name] = join(dir, "etc", name);
    writeFileSync(paths[name], content);
  }
  return paths;
}
