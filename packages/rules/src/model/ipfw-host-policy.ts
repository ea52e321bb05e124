import {
  buildIpfwRuleset,
  type IpfwFile,
  type IpfwRuleset,
  type IpfwSource,
  parseIpfwFile,
  parseIpfwScript,
  type RcConfig,
  type RcProvenance,
  rcFirewallCommands,
  rcFirewallType,
  type TextRange,
} from "@jaillint/parser";

/** A file of ipfw rules read for the host: a firewall_script (sh) or a file of ipfw commands. */
export interface ParsedIpfwFile {
  readonly file: string;
  readonly path: string;
  readonly kind: "script" | "commands";
  readonly ast: IpfwFile;
}

/** Where the host's ipfw rules come from, as rc.d/ipfw decides. */
export type IpfwOrigin =
  | { readonly kind: "rc.firewall"; readonly type: string; readonly source: RcProvenance | undefined }
  | { readonly kind: "script"; readonly path: string; readonly source: RcProvenance | undefined };

/** The ipfw ruleset rc.d/ipfw loads, when every file it needs could be read. */
export interface IpfwHostPolicy {
  readonly ruleset: IpfwRuleset;
  readonly origin: IpfwOrigin;
}

export interface IpfwHostFiles {
  readonly policy: IpfwHostPolicy | undefined;
  readonly files: readonly ParsedIpfwFile[];
  /** Why there is no policy, when ipfw is enabled but its rules could not be read. */
  readonly unread?: { readonly path: string; readonly detail: string; readonly source: RcProvenance | undefined };
}

const RC_FIREWALL = "/etc/rc.firewall";
/** A script that reads rc.conf's variables as rc.firewall does (`. /etc/rc.conf`, rc.subr's load_rc_config). */
const readsRcConf = /(^|[\s;])(\.|source)\s+\/etc\/(defaults\/)?rc\.conf\b|\bload_rc_config\b|\bsource_rc_confs\b/m;

function provenance(rc: RcConfig, name: string): RcProvenance | undefined {
  const v = rc.get(name);
  return v ? { file: v.file, range: v.assignment.range } : undefined;
}

/**
 * The ipfw rules of a host whose rc.conf sets firewall_enable (libexec/rc/rc.d/ipfw `ipfw_start`): it runs
 * `firewall_script` (default /etc/rc.firewall) with sh. rc.firewall adds its loopback rules, then the rules of a
 * named `firewall_type`, or runs ipfw on the file firewall_type names; another script's `ipfw` commands are read
 * from it (and a file it hands to `ipfw pathname`).
 */
export function ipfwHostFiles(rc: RcConfig, read: (path: string) => { file: string; text: string } | { detail: string }): IpfwHostFiles {
  const files: ParsedIpfwFile[] = [];
  const scriptVar = rc.get("firewall_script");
  const script = scriptVar?.value.trim() || RC_FIREWALL;
  const env = new Map([...rc.variables].map(([k, v]) => [k, v.value] as const));
  const readCommands = (path: string): ParsedIpfwFile | { detail: string } => {
    const r = read(path);
    if ("detail" in r) return r;
    const f: ParsedIpfwFile = { file: r.file, path, kind: "commands", ast: parseIpfwFile(r.text) };
    files.push(f);
    return f;
  };
  if (script === RC_FIREWALL) {
    const typeValue = rc.get("firewall_type")?.value.trim() || "UNKNOWN";
    const source = provenance(rc, "firewall_type") ?? provenance(rc, "firewall_enable");
    const named = rcFirewallType(typeValue);
    const builtIn = parseIpfwFile(rcFirewallCommands(named ?? "file", (n) => rc.get(n)?.value));
    const at: TextRange = source?.range ?? { start: 0, end: 0 };
    const sources: IpfwSource[] = [{ file: source?.file ?? "", commands: builtIn.commands, at }];
    if (!named) {
      // rc.firewall: `[ -r "${firewall_type}" ] && ${fwcmd} ${firewall_flags} ${firewall_type}`.
      const f = readCommands(typeValue);
      if ("detail" in f) return { policy: undefined, files, unread: { path: typeValue, detail: f.detail, source } };
      sources.push({ file: f.file, commands: f.ast.commands });
    }
    return { policy: { ruleset: buildIpfwRuleset(sources), origin: { kind: "rc.firewall", type: typeValue, source } }, files };
  }
  const source = scriptVar ? { file: scriptVar.file, range: scriptVar.assignment.range } : undefined;
  const r = read(script);
  if ("detail" in r) return { policy: undefined, files, unread: { path: script, detail: r.detail, source } };
  const ast = parseIpfwScript(r.text, readsRcConf.test(r.text) ? env : new Map());
  files.push({ file: r.file, path: script, kind: "script", ast });
  const sources: IpfwSource[] = [{ file: r.file, commands: ast.commands }];
  for (const inc of ast.includes) {
    const f = readCommands(inc.path);
    if ("detail" in f)
      return { policy: undefined, files, unread: { path: inc.path, detail: f.detail, source: { file: r.file, range: inc.range } } };
    sources.push({ file: f.file, commands: f.ast.commands });
  }
  return { policy: { ruleset: buildIpfwRuleset(sources), origin: { kind: "script", path: script, source } }, files };
}
