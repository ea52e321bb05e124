import { type CstElement, type CstNode, type IToken, tokenMatcher } from "chevrotain";
import { canonicalNetwork, parseIp } from "../common/ip.js";
import { SERVICES } from "../common/services.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import type {
  IpfwAction,
  IpfwActionKind,
  IpfwAddress,
  IpfwCommand,
  IpfwEndpoint,
  IpfwOption,
  IpfwPortRange,
  IpfwRule,
  IpfwTableCommand,
} from "./ast.js";
import { ICMP_UNREACH_CODES, ipfwSays, isProtocol, OPTION_NEEDS } from "./messages.js";
import { Limit, OptArg, OptArg2 } from "./tokens.js";

type Children = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => "image" in e;
const tokRange = (tok: IToken): TextRange => ({ start: tok.startOffset, end: tok.startOffset + tok.image.length });

function tokens(n: CstNode | undefined, key: string): IToken[] {
  return ((n?.children as Children | undefined)?.[key] ?? []).filter(isToken);
}
function token(n: CstNode | undefined, key: string): IToken | undefined {
  return tokens(n, key)[0];
}
function nodes(n: CstNode | undefined, key: string): CstNode[] {
  return ((n?.children as Children | undefined)?.[key] ?? []).filter((e): e is CstNode => !isToken(e));
}
/** Every token of a node, in order. */
function allTokens(n: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (x: CstNode): void => {
    for (const list of Object.values(x.children as Children)) for (const e of list ?? []) isToken(e) ? out.push(e) : walk(e);
  };
  walk(n);
  return out.filter((t) => !t.isInsertedInRecovery).sort((a, b) => a.startOffset - b.startOffset);
}
function spanOf(n: CstNode): TextRange {
  const ts = allTokens(n);
  const first = ts[0];
  const last = ts[ts.length - 1];
  return first && last ? { start: first.startOffset, end: last.startOffset + last.image.length } : { start: 0, end: 0 };
}

const ALLOW = new Set(["allow", "accept", "pass", "permit"]);
const DENY = new Set(["deny", "drop", "reject", "reset", "reset6", "unreach", "unreach6", "abort", "abort6"]);
const ELSEWHERE = new Set([
  "fwd",
  "forward",
  "divert",
  "tee",
  "pipe",
  "queue",
  "netgraph",
  "ngtee",
  "nat64lsn",
  "nat64stl",
  "nat64clat",
  "nptv6",
  "eaction",
]);

/** Builds one command's AST from its CST, reporting what ipfw would refuse. */
export class IpfwAstBuilder {
  readonly problems: SyntaxProblem[] = [];
  /** Where the command being built ends. */
  #end = 0;

  command(cst: CstNode): IpfwCommand | undefined {
    const add = nodes(cst, "addCommand")[0];
    if (add) {
      // ipfw stops at the first error of a command (errx): the first in the text is the one it prints.
      const before = this.problems.length;
      const r = this.rule(add);
      const found = this.problems.splice(before).sort((a, b) => a.range.start - b.range.start);
      if (found[0]) this.problems.push(found[0]);
      return r;
    }
    const table = nodes(cst, "tableCommand")[0];
    if (table) return this.table(table);
    const nat = nodes(cst, "natCommand")[0];
    if (nat) return this.nat(nat);
    const other = nodes(cst, "otherCommand")[0];
    if (other) return { type: "Other", words: allTokens(other).map((t) => t.image), range: spanOf(cst) };
    return undefined;
  }

  #error(message: string, range: TextRange): void {
    this.problems.push({ message, range, severity: "error" });
  }

  rule(n: CstNode): IpfwRule {
    const range = spanOf(n);
    this.#end = range.end;
    const numTok = token(n, "number");
    let written: number | undefined;
    if (numTok && !numTok.isInsertedInRecovery) {
      // ipfw2.c compile_rule: `rule->rulenum = atoi(*av)`; 0 is no number (the kernel numbers the rule).
      written = Number(numTok.image) || undefined;
      // ip_fw_sockopt.c check_ipfw_rule1 refuses a number above 65534 with EINVAL, which ipfw_add reports.
      if (written !== undefined && written > 65534)
        this.#error(
          ipfwSays(
            "getsockopt(IP_FW_XADD): Invalid argument",
            written === 65535
              ? "rule 65535 is the default rule, which no `add` can replace: number the rule below it"
              : `the kernel takes rule numbers 1 to 65534, not ${numTok.image}`,
          ),
          tokRange(numTok),
        );
    }
    const setTok = token(n, "set");
    // `set N` is read with strtoul: a word that is no number is set 0.
    const set = setTok ? Number(/^\d*/.exec(setTok.image)?.[0] || 0) : undefined;
    if (setTok && set !== undefined && set > 31)
      this.#error(ipfwSays(`illegal set ${setTok.image}`, "sets are numbered 0 to 31 (ipfw(8) SETS OF RULES)"), tokRange(setTok));
    const probTok = token(n, "prob");
    const probability = probTok ? Number.parseFloat(probTok.image) || 0 : undefined;
    if (probTok && !(probability !== undefined && probability > 0 && probability <= 1))
      this.#error(ipfwSays(`illegal match prob. ${probTok.image}`, "a probability is a number above 0 and at most 1"), tokRange(probTok));
    const action = this.action(nodes(n, "action")[0]);
    const bodyNode = nodes(n, "body")[0];
    const bare = nodes(n, "bareOption");
    let body = bodyNode ? this.body(bodyNode) : bare.length > 0 ? this.bareBody(bare, action?.range ?? range) : undefined;
    if (action?.kind === "check-state" && (bodyNode || bare.length > 0)) {
      // compile_rule, TOK_CHECKSTATE: only `:flowname` or a `//` comment may follow.
      const first = allTokens(bodyNode ?? (bare[0] as CstNode))[0];
      if (first)
        this.#error(
          ipfwSays(
            `Invalid state name ${first.image}`,
            "check-state takes no body: write `add check-state` or `add check-state :flowname`",
          ),
          tokRange(first),
        );
      body = undefined;
    }
    if (body) this.#checkState(body.options);
    const text = allTokens(n)
      .map((t) => t.image)
      .join(" ");
    return {
      type: "Rule",
      written,
      set,
      probability,
      action: action ?? { kind: "deny", keyword: "?", range },
      log: tokens(n, "K_log").length > 0,
      body,
      range,
      text,
    };
  }

  /**
   * A rule of options alone (ipfw2.c compile_rule: the word after the action is no protocol, so
   * IPFW_RULE_JUSTOPTS): it matches as `ip from any to any` with those options.
   */
  bareBody(options: CstNode[], at: TextRange) {
    const first = allTokens(options[0] as CstNode)[0];
    if (first && isProtocol(first.image) && token(options[0], "unknown")) {
      // add_proto_compat took the word as the protocol; "from" must follow it.
      const next = allTokens(options[1] ?? (options[0] as CstNode)).find((t) => t.startOffset > first.startOffset);
      this.#error(
        ipfwSays("missing ``from''", `after the protocol a rule body is "from src to dst": \`${first.image} from any to any\``),
        tokRange(next ?? first),
      );
      return { protos: ["all"], from: anyEndpoint(at), to: anyEndpoint(at), options: [] };
    }
    return { protos: ["all"], from: anyEndpoint(at), to: anyEndpoint(at), options: options.map((o) => this.option(o)) };
  }

  /** compile_rule, TOK_KEEPSTATE / TOK_LIMIT: one state option a rule, and none in an `{ … or … }` block. */
  #checkState(options: readonly IpfwOption[]): void {
    let seen = false;
    for (const o of options) {
      if (o.kind === "or") {
        for (const inner of o.options)
          if (inner.kind === "state") {
            const limit = inner.keyword === "limit" || inner.keyword === "set-limit";
            this.#error(
              ipfwSays(
                limit ? "limit or set-limit cannot be part of an or block" : "keep-state or record-state cannot be part of an or block",
                `write \`${inner.keyword}\` outside the \`{ … }\` block`,
              ),
              inner.range,
            );
          }
        continue;
      }
      if (o.kind !== "state") continue;
      if (seen)
        this.#error(
          ipfwSays("only one of keep-state, record-state,  limit and set-limit is allowed", `remove this \`${o.keyword}\``),
          o.range,
        );
      seen = true;
    }
  }

  action(n: CstNode | undefined): IpfwAction | undefined {
    if (!n) return undefined;
    const ts = allTokens(n);
    const kwTok = ts[0];
    if (!kwTok) return undefined;
    const keyword = kwTok.image;
    const argTok = token(n, "arg") ?? token(n, "flow");
    const arg = argTok?.image;
    let kind: IpfwActionKind;
    if (ALLOW.has(keyword)) kind = "allow";
    else if (DENY.has(keyword)) kind = "deny";
    else if (keyword === "count") kind = "count";
    else if (keyword === "skipto") kind = "skipto";
    else if (keyword === "call") kind = "call";
    else if (keyword === "return") kind = "return";
    else if (keyword === "check-state") kind = "check-state";
    else if (keyword === "nat") kind = "nat";
    else if (ELSEWHERE.has(keyword)) kind = "elsewhere";
    else kind = "modify";
    let target: number | undefined;
    if (argTok && arg !== undefined && CHKARG.has(keyword)) {
      // compile_rule, chkarg: a number from 1 below IP_FW_TABLEARG (65535), `tablearg`, or for divert and tee
      // a port /etc/services names for the "divert" protocol (natd); `nat global` too.
      const digits = /^\d+/.exec(arg)?.[0];
      if (digits !== undefined) {
        const v = Number(digits);
        if (v <= 0 || v >= 65535)
          this.#error(
            ipfwSays(`illegal argument for ${keyword}`, `${keyword} takes a number from 1 to 65534 or tablearg`),
            tokRange(argTok),
          );
        else if (kind === "skipto" || kind === "call") target = v;
      } else if (arg === "tablearg" || (keyword === "nat" && arg === "global")) {
        // decided by a table's value, or NAT64's global instance
      } else if (keyword === "divert" || keyword === "tee") {
        // a name: getservbyname(name, "divert"), known only on the host
      } else
        this.#error(ipfwSays(`illegal argument for ${keyword}`, `${keyword} takes a number from 1 to 65534 or tablearg`), tokRange(argTok));
    }
    if (argTok && arg !== undefined && keyword === "unreach") {
      // fill_reject_code: a number below 256 or a name from icmpcodes.
      const v = /^\d+$/.test(arg) ? Number(arg) : undefined;
      if (!((v !== undefined && v > 0 && v < 256) || ICMP_UNREACH_CODES.has(arg)))
        this.#error(
          ipfwSays(
            `unknown ICMP unreachable code \`\`${arg}''`,
            "a code is a number or net, host, protocol, port, needfrag, filter-prohib, …",
          ),
          tokRange(argTok),
        );
    }
    return { kind, keyword, ...(arg !== undefined ? { arg } : {}), ...(target !== undefined ? { target } : {}), range: spanOf(n) };
  }

  body(n: CstNode) {
    const protoNode = nodes(n, "protoSpec")[0];
    const protoToks = tokens(protoNode, "proto");
    const protos = protoToks.map((t) => t.image.toLowerCase());
    protoToks.forEach((t, i) => {
      if (isProtocol(t.image)) return;
      // compile_rule: a first word that is no protocol starts the options (IPFW_RULE_JUSTOPTS), which know no
      // such word either; a later one in `{ … or … }` is "invalid protocol".
      if (i === 0) this.#error(ipfwSays(`unrecognised option [-1] ${t.image}`, NO_OPTION), tokRange(t));
      else
        this.#error(ipfwSays(`invalid protocol \`\`${t.image}''`, "a protocol is a name /etc/protocols gives, or its number"), tokRange(t));
    });
    const [srcNode, dstNode] = [nodes(n, "src")[0], nodes(n, "dst")[0]];
    const from = this.endpoint(srcNode);
    const to = this.endpoint(dstNode);
    const options = nodes(n, "ruleOption").map((o) => this.option(o));
    return { protos, from, to, options };
  }

  endpoint(n: CstNode | undefined): IpfwEndpoint {
    if (!n) return { negated: false, addresses: [], ports: [], portNames: [], range: { start: 0, end: 0 } };
    const negated = tokens(n, "K_not").length + tokens(n, "Bang").length > 0;
    const addresses: IpfwAddress[] = [];
    for (const a of nodes(n, "address")) for (const tok of allTokens(a)) addresses.push(...this.address(tok));
    const ports: IpfwPortRange[] = [];
    const portNames: string[] = [];
    const portTok = token(n, "ports");
    if (portTok) this.ports(portTok, ports, portNames);
    return { negated, addresses, ports, portNames, range: spanOf(n) };
  }

  address(tok: IToken): IpfwAddress[] {
    const range = tokRange(tok);
    const img = tok.image;
    if (img === "any") return [{ kind: "any", range }];
    if (img === "me") return [{ kind: "me", range }];
    if (img === "me6") return [{ kind: "me6", range }];
    const table = /^table\(([^,)]*)(?:,[^)]*)?\)$/.exec(img);
    if (table) return [{ kind: "table", name: table[1] as string, range }];
    const out: IpfwAddress[] = [];
    for (const part of img.split(",")) {
      if (part === "") {
        this.#error(`ipfw: bad address list "${img}"`, range);
        continue;
      }
      out.push(this.#addressPart(part, range));
    }
    return out;
  }

  #addressPart(part: string, range: TextRange): IpfwAddress {
    // ipfw2.c fill_ip: `addr`, `addr/bits`, `addr:mask`; an address is what inet_aton(3) reads, or a host name.
    const mask = /^(\d+\.\d+\.\d+\.\d+):(.*)$/.exec(part);
    if (mask) {
      if (inetAton(mask[2] as string) === undefined) {
        this.#error(
          ipfwSays(`bad netmask \`\`${mask[2]}''`, "a netmask is dotted, as 255.255.255.0; or write the width: 10.0.0.0/24"),
          range,
        );
        return { kind: "name", name: part, range };
      }
      const len = maskLength(mask[2] as string);
      const network = len === undefined ? undefined : canonicalNetwork(mask[1] as string, len);
      if (network) return { kind: "network", af: "inet", network, range };
      return { kind: "name", name: part, range };
    }
    const slash = part.indexOf("/");
    let host = slash < 0 ? part : part.slice(0, slash);
    const width = slash < 0 ? undefined : part.slice(slash + 1);
    // inet_aton also reads the short forms: 10.1 is 10.0.0.1, 127.1 is 127.0.0.1.
    const aton = host.includes(":") ? undefined : inetAton(host);
    if (aton !== undefined) host = aton;
    const ip = parseIp(host);
    if (ip) {
      const af = ip.kind() === "ipv4" ? "inet" : "inet6";
      const max = af === "inet" ? 32 : 128;
      // masklen = atoi(p): digits up to the first other character.
      const bits = width === undefined ? max : Number(/^\d*/.exec(width)?.[0] || 0);
      if (bits > max) {
        this.#error(ipfwSays(`bad width \`\`${width}''`, `a prefix length is 0 to ${max}`), range);
        return { kind: "name", name: part, range };
      }
      return { kind: "network", af, network: canonicalNetwork(host, bits) as string, range };
    }
    if (/^[\d.]+$/.test(host)) {
      // Not an address inet_aton reads, so lookup_host asks the resolver, which knows no such name.
      this.#error(ipfwSays(`hostname \`\`${host}'' unknown`, "an IPv4 address has four numbers 0 to 255"), range);
      return { kind: "name", name: part, range };
    }
    return { kind: "name", name: part, range };
  }

  ports(tok: IToken, ports: IpfwPortRange[], names: string[]): void {
    for (const p of tok.image.split(",")) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(p);
      if (m) {
        const low = Number(m[1]);
        const high = m[2] === undefined ? low : Number(m[2]);
        // fill_newports stores each port in 16 bits, with no check: 70000 is port 4464.
        if (low > 65535 || high > 65535)
          this.#error(
            `ipfw: port ${p} is above 65535; ipfw says nothing and keeps the low 16 bits (ipfw2.c fill_newports), so the rule matches port ${low > 65535 ? low % 65536 : high % 65536}: write a port 0 to 65535`,
            tokRange(tok),
          );
        ports.push({ low: low % 65536, high: high % 65536 });
      } else if (SERVICES.has(p)) names.push(p);
      else if (/^[A-Za-z][\w-]*$/.test(p)) {
        // ipfw2.c fill_newports looks a name up with getservbyname(3): an option misspelt lands here, and
        // compile_rule's option loop then refuses the word.
        this.#error(
          ipfwSays(
            `unrecognised option [-1] ${tok.image}`,
            "it is neither an option ipfw(8) lists nor a service name /etc/services gives: check the spelling",
          ),
          tokRange(tok),
        );
        return;
      } else {
        // Not a port list (fill_newports: "port list: invalid separator"): the word where an option should stand.
        this.#error(
          ipfwSays(`unrecognised option [-1] ${tok.image}`, "a port list is ports and ranges joined by commas: 22,80,1024-2048"),
          tokRange(tok),
        );
        return;
      }
    }
  }

  option(n: CstNode): IpfwOption {
    const range = spanOf(n);
    const negated = tokens(n, "K_not").length + tokens(n, "Bang").length > 0;
    const inner = nodes(n, "ruleOption");
    if (inner.length > 0) return { kind: "or", options: inner.map((o) => this.option(o)), negated, range };
    const unknown = token(n, "unknown");
    if (unknown) {
      // rule_options also takes `ip4`, `ipv4`, `ip6`, `ipv6` (words the lexer leaves to the protocol position).
      const w = unknown.image;
      if (w === "ip4" || w === "ipv4" || w === "ip6" || w === "ipv6") return { kind: "other", keyword: w, negated, range };
      const last = unknown.startOffset + unknown.image.length >= this.#end;
      // An option whose argument the command does not give (compile_rule's NEED1), or an action parameter
      // left without its own.
      const need =
        tokenMatcher(unknown, OptArg) || tokenMatcher(unknown, OptArg2) || tokenMatcher(unknown, Limit)
          ? OPTION_NEEDS[w]
          : !last
            ? undefined
            : w === "logamount"
              ? "logamount requires argument"
              : w === "tag" || w === "untag"
                ? `${w}: missing argument`
                : w === "altq"
                  ? "missing altq queue name"
                  : undefined;
      if (need) {
        this.#error(ipfwSays(need, `write the argument after ${w}`), tokRange(unknown));
        return { kind: "other", keyword: w, negated, range };
      }
      this.#error(ipfwSays(`unrecognised option [-1] ${w}`, NO_OPTION), tokRange(unknown));
      return { kind: "other", keyword: w, negated, range };
    }
    const logOption = token(n, "logOption");
    if (logOption) {
      // rule_options has no `log`: it is an action parameter (rule_action_params), written after the action.
      this.#error(
        ipfwSays("unrecognised option [-1] log", "write log right after the action: `add 100 deny log ip from any to any`"),
        tokRange(logOption),
      );
      return { kind: "other", keyword: "log", negated, range };
    }
    const ts = allTokens(n).filter((t) => t.image !== "not" && t.image !== "!");
    const keyword = ts[0]?.image ?? "";
    const arg = token(n, "arg")?.image ?? "";
    switch (keyword) {
      case "in":
      case "out":
        return { kind: "direction", direction: keyword, negated, range };
      case "via":
      case "recv":
      case "xmit":
        return { kind: "interface", which: keyword, iface: arg, negated, range };
      case "keep-state":
      case "record-state":
      case "limit":
      case "set-limit":
        return { kind: "state", keyword, negated, range };
      case "setup":
      case "established":
      case "frag":
        return { kind: keyword, negated, range };
      case "estab":
        return { kind: "established", negated, range };
      case "fragment":
        return { kind: "frag", negated, range };
      case "proto":
        return { kind: "proto", protos: [arg.toLowerCase()], negated, range };
      default:
        return { kind: "other", keyword, negated, range };
    }
  }

  table(n: CstNode): IpfwTableCommand {
    const name = token(n, "name")?.image ?? "";
    const words = tokens(n, "words");
    const op = words[0]?.image ?? "";
    const entries: { network: string; af: "inet" | "inet6"; range: TextRange }[] = [];
    if (op === "add") {
      // `table N add addr [value]`; FreeBSD 11+ also takes several `addr` words (ipfw(8) LOOKUP TABLES).
      for (const w of words.slice(1)) {
        const [host = "", bits] = w.image.split("/");
        const ip = parseIp(host);
        if (!ip) continue;
        const af = ip.kind() === "ipv4" ? "inet" : "inet6";
        const network = canonicalNetwork(host, bits === undefined ? undefined : Number(bits));
        if (network) entries.push({ network, af, range: tokRange(w) });
      }
    }
    return { type: "Table", name, op, entries, range: spanOf(n) };
  }

  nat(n: CstNode) {
    const words = tokens(n, "words").map((t) => t.image);
    const after = (w: string): string | undefined => {
      const i = words.indexOf(w);
      return i >= 0 ? words[i + 1] : undefined;
    };
    return { type: "NatConfig" as const, instance: words[0] ?? "", iface: after("if"), address: after("ip"), range: spanOf(n) };
  }
}

const NO_OPTION = "it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling";

/** The actions compile_rule reads its argument for at `chkarg`. */
const CHKARG = new Set(["nat", "queue", "pipe", "skipto", "netgraph", "ngtee", "divert", "tee", "call"]);

function anyEndpoint(at: TextRange): IpfwEndpoint {
  return { negated: false, addresses: [{ kind: "any", range: at }], ports: [], portNames: [], range: at };
}

/** inet_aton(3)'s forms a, a.b, a.b.c, a.b.c.d (decimal, 0x hex, 0 octal), as a dotted quad; undefined if it reads none. */
export function inetAton(s: string): string | undefined {
  const parts = s.split(".");
  if (parts.length > 4 || parts.some((p) => !/^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)$/.test(p))) return undefined;
  const nums = parts.map((p) =>
    /^0[xX]/.test(p) ? Number.parseInt(p.slice(2) || "0", 16) : /^0/.test(p) ? Number.parseInt(p, 8) : Number(p),
  );
  const last = nums[nums.length - 1] as number;
  const head = nums.slice(0, -1);
  if (head.some((x) => x > 255) || last >= 2 ** (8 * (5 - nums.length))) return undefined;
  let v = last;
  head.forEach((x, i) => {
    v += x * 2 ** (8 * (3 - i));
  });
  return [24, 16, 8, 0].map((b) => Math.floor(v / 2 ** b) % 256).join(".");
}

function maskLength(mask: string): number | undefined {
  const ip = parseIp(mask);
  if (ip?.kind() !== "ipv4") return undefined;
  const bits = ip
    .toByteArray()
    .map((b) => b.toString(2).padStart(8, "0"))
    .join("");
  return /^1*0*$/.test(bits) ? (bits.indexOf("0") === -1 ? 32 : bits.indexOf("0")) : undefined;
}
