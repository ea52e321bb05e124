import type { CstElement, CstNode, IToken } from "chevrotain";
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

  command(cst: CstNode): IpfwCommand | undefined {
    const add = nodes(cst, "addCommand")[0];
    if (add) return this.rule(add);
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
    const numTok = token(n, "number");
    let written: number | undefined;
    if (numTok) {
      written = Number(numTok.image);
      // ip_fw_sockopt.c: rule numbers are 16 bits; 65535 is the default rule, which no `add` may replace.
      if (written > 65535 || written === 0) this.#error(`ipfw: rule number ${numTok.image} is out of range (1 to 65534)`, tokRange(numTok));
      else if (written === 65535) this.#error("ipfw: rule 65535 is the default rule, which cannot be added or changed", tokRange(numTok));
    }
    const setTok = token(n, "set");
    const set = setTok && /^\d+$/.test(setTok.image) ? Number(setTok.image) : undefined;
    if (setTok && (set === undefined || set > 31)) this.#error(`ipfw: illegal set ${setTok.image}: sets are 0 to 31`, tokRange(setTok));
    const probTok = token(n, "prob");
    const probability = probTok ? Number(probTok.image) : undefined;
    if (probTok && !(probability !== undefined && probability > 0 && probability <= 1))
      this.#error(`ipfw: illegal "prob" ${probTok.image}: a probability between 0 and 1`, tokRange(probTok));
    const action = this.action(nodes(n, "action")[0]);
    const bodyNode = nodes(n, "body")[0];
    const body = bodyNode ? this.body(bodyNode) : undefined;
    if (!body && action && action.kind !== "check-state" && !numTok?.isInsertedInRecovery)
      this.#error('ipfw: a rule needs a body: "proto from src to dst" (ipfw(8) RULE FORMAT)', range);
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
    if ((kind === "skipto" || kind === "call") && arg !== undefined) {
      if (/^\d+$/.test(arg) && Number(arg) <= 65535) target = Number(arg);
      else if (arg !== "tablearg" && argTok) this.#error(`ipfw: illegal argument for ${keyword}: ${arg}`, tokRange(argTok));
    }
    return { kind, keyword, ...(arg !== undefined ? { arg } : {}), ...(target !== undefined ? { target } : {}), range: spanOf(n) };
  }

  body(n: CstNode) {
    const protoNode = nodes(n, "protoSpec")[0];
    const protos = tokens(protoNode, "proto").map((t) => t.image.toLowerCase());
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
    // ipfw2.c fill_ip: `addr`, `addr/bits`, `addr:mask`.
    const mask = /^(\d+\.\d+\.\d+\.\d+):(\d+\.\d+\.\d+\.\d+)$/.exec(part);
    if (mask) {
      const len = maskLength(mask[2] as string);
      const network = len === undefined ? undefined : canonicalNetwork(mask[1] as string, len);
      if (network) return { kind: "network", af: "inet", network, range };
      return { kind: "name", name: part, range };
    }
    const slash = part.indexOf("/");
    const host = slash < 0 ? part : part.slice(0, slash);
    const ip = parseIp(host);
    if (ip) {
      const af = ip.kind() === "ipv4" ? "inet" : "inet6";
      const max = af === "inet" ? 32 : 128;
      const bits = slash < 0 ? max : Number(part.slice(slash + 1));
      if (!Number.isInteger(bits) || bits < 0 || bits > max || (slash >= 0 && !/^\d+$/.test(part.slice(slash + 1)))) {
        this.#error(`ipfw: bad width "${part.slice(slash + 1)}" in ${part}`, range);
        return { kind: "name", name: part, range };
      }
      return { kind: "network", af, network: canonicalNetwork(host, bits) as string, range };
    }
    if (/^\d+(\.\d+)*(\/\d+)?$/.test(part)) {
      this.#error(`ipfw: bad address "${part}"`, range);
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
        if (low > 65535 || high > 65535) this.#error(`ipfw: port ${p} is out of range`, tokRange(tok));
        ports.push({ low, high });
      } else if (SERVICES.has(p)) names.push(p);
      else if (/^[A-Za-z][\w-]*$/.test(p)) {
        // ipfw2.c fill_newports looks a name up with getservbyname(3): an option misspelt lands here.
        this.#error(`ipfw: unrecognised option ${tok.image} (nor is it a service name /etc/services gives)`, tokRange(tok));
        return;
      } else {
        // Not a port list: the word where an option should stand (ipfw2.c compile_rule's default case).
        this.#error(`ipfw: unrecognised option ${tok.image}`, tokRange(tok));
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
      this.#error(`ipfw: unrecognised option ${unknown.image}`, tokRange(unknown));
      return { kind: "other", keyword: unknown.image, negated, range };
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
        return { kind: "state", keyword, negated, range };
      case "setup":
      case "established":
      case "frag":
        return { kind: keyword, negated, range };
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

function maskLength(mask: string): number | undefined {
  const ip = parseIp(mask);
  if (ip?.kind() !== "ipv4") return undefined;
  const bits = ip
    .toByteArray()
    .map((b) => b.toString(2).padStart(8, "0"))
    .join("");
  return /^1*0*$/.test(bits) ? (bits.indexOf("0") === -1 ? 32 : bits.indexOf("0")) : undefined;
}
