import type { CstElement, CstNode, CstNodeLocation, IToken } from "chevrotain";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import type {
  PfAddressSpec,
  PfAnchorRuleNode,
  PfFilterRuleNode,
  PfHost,
  PfIfModifier,
  PfInterfaceItem,
  PfPortItem,
  PfPortOp,
  PfRedirection,
  PfRouteSpec,
  PfRuleMatch,
  PfRuleOption,
  PfStateMode,
  PfStatement,
  PfStateSpec,
  PfWord,
} from "./ast.js";
import { type PfTokenPayload, tokenRange, tokenValue } from "./lexer.js";

interface Children {
  [label: string]: CstElement[] | undefined;
}

const isToken = (e: CstElement): e is IToken => "image" in e;
const isReal = (tok: IToken | undefined): tok is IToken => tok !== undefined && !tok.isInsertedInRecovery && !Number.isNaN(tok.startOffset);

function kids(node: CstNode): Children {
  return node.children as Children;
}
function toks(node: CstNode, label: string): IToken[] {
  const out: IToken[] = [];
  const list = kids(node)[label];
  if (list) for (const e of list) if (isToken(e) && isReal(e)) out.push(e);
  return out;
}
function tok(node: CstNode, label: string): IToken | undefined {
  const list = kids(node)[label];
  if (list) for (const e of list) if (isToken(e) && isReal(e)) return e;
  return undefined;
}
/** Whether the node has a real token under `label`. */
function has(node: CstNode, label: string): boolean {
  return tok(node, label) !== undefined;
}
function subs(node: CstNode, label: string): CstNode[] {
  const out: CstNode[] = [];
  const list = kids(node)[label];
  if (list) for (const e of list) if (!isToken(e)) out.push(e);
  return out;
}
function sub(node: CstNode | undefined, label: string): CstNode | undefined {
  const list = node ? kids(node)[label] : undefined;
  if (list) for (const e of list) if (!isToken(e)) return e;
  return undefined;
}

/** Every real token under a node, in source order (tokens of one macro expansion share an offset: walk order). */
export function allTokens(node: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (n: CstNode): void => {
    const children = kids(n);
    for (const label in children) {
      const list = children[label];
      if (list)
        for (const e of list) {
          if (isToken(e)) {
            if (isReal(e)) out.push(e);
          } else walk(e);
        }
    }
  };
  walk(node);
  // The walk visits children label by label; Array.prototype.sort is stable, so equal offsets keep walk order.
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as IToken).startOffset < (out[i - 1] as IToken).startOffset) return out.sort((a, b) => a.startOffset - b.startOffset);
  }
  return out;
}

/**
 * The offsets a node spans: the smallest start and the largest end of the real tokens under it, startOffset NaN
 * when it has none. The parser records them as it builds the node (nodeLocationTracking "onlyOffset": the tokens
 * of a statement are in source order, so its first token has the smallest start), so asking for a range reads no
 * tokens at all (structure.test.ts).
 */
function span(node: CstNode): CstNodeLocation {
  return node.location as CstNodeLocation;
}

/** The range a node spans (a new object each time), or undefined when it has no real token. */
function nodeRange(node: CstNode): TextRange | undefined {
  const { startOffset, endOffset } = span(node);
  return Number.isNaN(startOffset) ? undefined : { start: startOffset, end: (endOffset as number) + 1 };
}

function word(t: IToken): PfWord {
  const p = t.payload as PfTokenPayload | undefined;
  const w: PfWord = {
    value: tokenValue(t),
    range: tokenRange(t),
    quoted: p ? p.quoted : t.image.startsWith('"') || t.image.startsWith("'"),
  };
  if (p?.macro === undefined) return w;
  const m = w as { macro?: string; undefinedMacro?: true };
  m.macro = p.macro;
  if (p.undefinedMacro) m.undefinedMacro = true;
  return w;
}

/** The one token of an `anyValue` node. */
function valueTok(node: CstNode | undefined): IToken | undefined {
  if (!node) return undefined;
  return tok(node, "Value") ?? tok(node, "Keyword");
}
function valueWord(node: CstNode | undefined): PfWord | undefined {
  const t = valueTok(node);
  return t ? word(t) : undefined;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){0,3}$/;
const IPV6 = /^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?:%[\w.]+)?$/;

/** Converts one statement's CST to jaillint's AST and adds the checks parse.y makes in its actions. */
export class PfAstBuilder {
  readonly problems: SyntaxProblem[] = [];

  private problem(message: string, range: TextRange): void {
    this.problems.push({ message, range });
  }

  statement(cst: CstNode): PfStatement | undefined {
    // The statement rule has one child: the node of the statement kind it matched.
    let name: string | undefined;
    let node: CstNode | undefined;
    const children = kids(cst);
    for (const label in children) {
      const first = children[label]?.[0];
      if (first && !isToken(first)) {
        name = label;
        node = first;
        break;
      }
    }
    if (!name || !node) return undefined;
    const range = nodeRange(node);
    if (!range) return undefined;
    switch (name) {
      case "macroDefinition": {
        const n = tok(node, "name");
        if (!n) return undefined;
        const value = subs(node, "value")
          .map((v) => valueWord(v)?.value ?? "")
          .join(" ");
        return { type: "MacroDefinition", name: tokenValue(n), nameRange: tokenRange(n), value, range };
      }
      case "includeStatement": {
        const path = valueWord(sub(node, "path"));
        return path ? { type: "Include", path, range } : undefined;
      }
      case "loadAnchor": {
        const n = valueWord(sub(node, "name"));
        const path = valueWord(sub(node, "path"));
        return n && path ? { type: "LoadAnchor", name: n, path, range } : undefined;
      }
      case "setOption":
        return this.setOption(node, range);
      case "tableDefinition":
        return this.table(node, range);
      case "filterRule":
        return this.filterRule(node, range);
      case "translationRule":
        return this.translationRule(node, range);
      case "anchorRule":
        return this.anchorRule(node, range);
      case "antispoofRule":
        return this.antispoof(node, range);
      case "scrubRule":
        return {
          type: "ScrubRule",
          no: has(node, "Kw_no"),
          ...this.ruleMatch(node),
          options: subs(node, "scrubOption").map((o) => this.genericOption(o)),
          range,
        };
      case "altqRule":
      case "queueRule":
        return {
          type: "QueueRule",
          kind: name === "altqRule" ? "altq" : "queue",
          ...(valueWord(sub(node, "name")) ? { name: valueWord(sub(node, "name")) } : {}),
          interfaces: this.interfaces(sub(node, "interfaceSpec")),
          options: subs(node, "queueOption").map((o) => this.genericOption(o)),
          children: this.wordList(sub(node, "queues")),
          range,
        };
      case "etherRule":
        return { type: "EtherRule", words: allTokens(node).slice(1).map(word), range };
      case "limiterDefinition":
        return {
          type: "LimiterDefinition",
          kind: tok(node, "kind")?.image === "source" ? "source" : "state",
          words: allTokens(node).slice(2).map(word),
          range,
        };
    }
    return undefined;
  }

  private setOption(node: CstNode, range: TextRange): PfStatement | undefined {
    const opt = tok(node, "option");
    if (!opt) return undefined;
    const args: PfWord[] = [];
    for (const a of subs(node, "arg")) {
      const w = valueWord(a);
      if (w) args.push(w);
    }
    for (const nn of subs(node, "namedNumber")) for (const t of allTokens(nn)) args.push(word(t));
    const so = sub(node, "stateOptList");
    if (so) for (const t of allTokens(so)) args.push(word(t));
    const interfaces = this.interfaces(sub(node, "interfaceSpec"));
    for (const i of interfaces) {
      if (i.negated)
        this.problem(
          '`set skip on !` is not supported: pfctl says "skip on ! <interface> is not supported"; list the interfaces to skip',
          i.range,
        );
    }
    return { type: "SetOption", option: opt.image, args, interfaces, range };
  }

  private table(node: CstNode, range: TextRange): PfStatement | undefined {
    const nameNode = sub(node, "name");
    const n = valueWord(nameNode);
    if (!n) return undefined;
    const name = n.value.trim();
    if (name.length >= 32) this.problem(`table name <${name}> is too long: pf allows at most 31 characters`, n.range);
    let persist = false;
    let isConst = false;
    let counters = false;
    for (const f of toks(node, "flag")) {
      const v = tokenValue(f);
      if (v === "persist") persist = true;
      else if (v === "const") isConst = true;
      else if (v === "counters") counters = true;
      else
        this.problem(`unknown table option \`${v}\`: expected persist, const, counters, \`{ addresses }\` or file "path"`, tokenRange(f));
    }
    const addresses: PfHost[] = [];
    for (const list of subs(node, "hostList")) {
      for (const h of this.hostList(list)) {
        if (h.kind === "range" || h.kind === "dynamic" || h.kind === "table" || h.kind === "no-route" || h.kind === "urpf-failed") {
          this.problem(
            `a table's initial addresses may not contain ${h.kind === "dynamic" ? "an (interface) address" : `a ${h.kind}`}: use plain addresses, networks or names`,
            h.range,
          );
        } else if (h.kind !== "any") addresses.push(h);
      }
    }
    const files: PfWord[] = [];
    for (const f of subs(node, "file")) {
      const w = valueWord(f);
      if (w) files.push(w);
    }
    return { type: "TableDefinition", name, nameRange: n.range, persist, const: isConst, counters, addresses, files, range };
  }

  // ---- shared pieces ---------------------------------------------------------------------------

  private interfaces(spec: CstNode | undefined): PfInterfaceItem[] {
    if (!spec) return [];
    const out: PfInterfaceItem[] = [];
    for (const item of subs(spec, "interfaceItem")) {
      const w = valueWord(sub(item, "name"));
      if (!w) continue;
      const bang = tok(item, "Bang");
      const r = bang ? { start: bang.startOffset, end: w.range.end } : w.range;
      for (const name of words(w.value)) {
        if (name.length >= 16 && !w.undefinedMacro)
          this.problem(`interface name \`${name}\` is too long: interface and group names have at most 15 characters`, w.range);
        out.push(
          w.undefinedMacro
            ? { name, negated: bang !== undefined, range: r, undefinedMacro: true }
            : { name, negated: bang !== undefined, range: r },
        );
      }
    }
    return out;
  }

  private wordList(node: CstNode | undefined): PfWord[] {
    if (!node) return [];
    return subs(node, "item")
      .map((i) => valueWord(i))
      .filter((w): w is PfWord => w !== undefined);
  }

  private ruleMatch(node: CstNode): PfRuleMatch {
    const head = sub(node, "ruleHead") ?? node;
    const dir = sub(head, "direction");
    const lq = sub(head, "logQuick");
    const af = sub(node, "addressFamily");
    const fromTo = sub(node, "fromTo");
    const osNode = fromTo ? sub(sub(fromTo, "osSpec"), "os") : undefined;
    const m: { -readonly [K in keyof PfRuleMatch]: PfRuleMatch[K] } = {
      log: (lq ? subs(lq, "logSpec").length > 0 : false) || subs(node, "logSpec").length > 0,
      quick: lq ? has(lq, "Kw_quick") : false,
      interfaces: this.interfaces(sub(head, "interfaceSpec") ?? sub(node, "interfaceSpec")),
      protos: this.wordList(sub(sub(node, "protoSpec"), "protos")),
      os: this.wordList(osNode),
    };
    // Set in this order, as the keys of the object always were.
    if (dir) m.direction = has(dir, "Kw_in") ? "in" : "out";
    if (af) m.af = has(af, "Kw_inet6") ? "inet6" : "inet";
    const from = fromTo ? sub(fromTo, "from") : undefined;
    const to = fromTo ? sub(fromTo, "to") : undefined;
    if (from) m.from = this.addressSpec(from);
    if (to) m.to = this.addressSpec(to, true);
    return m;
  }

  private addressSpec(node: CstNode, isDestination = false): PfAddressSpec {
    const hs = sub(node, "hostSpec");
    const hosts = hs ? this.hostSpec(hs) : [];
    if (isDestination) {
      for (const h of hosts) if (h.kind === "urpf-failed") this.problem('"urpf-failed" is not permitted in a destination address', h.range);
    }
    const ps = sub(node, "portSpec");
    return {
      hosts: hosts.some((h) => h.kind === "any") ? [] : hosts,
      ports: ps ? this.portSpec(ps) : [],
      range: nodeRange(node) ?? { start: 0, end: 0 },
    };
  }

  /** Flattens nested lists; an `any` element makes the whole list any (parse.y `host_list`). */
  private hostSpec(node: CstNode): PfHost[] {
    const anyTok = tok(node, "Kw_any");
    if (anyTok) return [{ kind: "any", negated: false, range: tokenRange(anyTok) }];
    const x = sub(node, "xhost");
    if (x) return this.xhost(x);
    const list = sub(node, "hostList");
    return list ? this.hostList(list) : [];
  }

  private hostList(node: CstNode): PfHost[] {
    const out = subs(node, "hostSpec").flatMap((h) => this.hostSpec(h));
    const any = out.find((h) => h.kind === "any");
    return any ? [any] : out;
  }

  private xhost(node: CstNode): PfHost[] {
    const bang = tok(node, "Bang");
    const negated = bang !== undefined;
    const start = (r: TextRange): TextRange => (bang ? { start: bang.startOffset, end: r.end } : r);
    const nr = tok(node, "Kw_no_route");
    if (nr) return [{ kind: "no-route", negated, range: start(tokenRange(nr)) }];
    const uf = tok(node, "Kw_urpf_failed");
    if (uf) return [{ kind: "urpf-failed", negated, range: start(tokenRange(uf)) }];
    const h = sub(node, "host");
    return h ? this.host(h, negated, bang) : [];
  }

  private mask(t: IToken | undefined, max: number): number | undefined {
    if (!t) return undefined;
    const v = tokenValue(t);
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!(n >= 0 && n <= max)) {
      this.problem(`invalid netmask \`/${v}\`: expected a prefix length from 0 to ${max}`, tokenRange(t));
      return undefined;
    }
    return n;
  }

  /** One `host`; a name from a macro may hold several words (`"10.0.0.1 10.0.0.2"` is not a list, but keep it tolerant). */
  host(node: CstNode, negated = false, bang?: IToken): PfHost[] {
    const r = nodeRange(node) ?? { start: 0, end: 0 };
    const range = bang ? { start: bang.startOffset, end: r.end } : r;
    const table = valueTok(sub(node, "table"));
    if (table) return [{ kind: "table", name: tokenValue(table).trim(), negated, range }];
    const dyn = valueTok(sub(node, "dynamic"));
    if (dyn) {
      const { name, modifier, noAlias } = this.ifaceAddress(tokenValue(dyn), tokenRange(dyn));
      const undef = (dyn.payload as PfTokenPayload | undefined)?.undefinedMacro === true;
      if (!undef && !/^[A-Za-z]/.test(name))
        this.problem(
          `invalid interface name \`(${name})\`: a dynamic address must name an interface, which starts with a letter`,
          tokenRange(dyn),
        );
      const mask = this.mask(tok(node, "mask"), 128);
      // Keys set in the order the AST has always had them.
      const h: Record<string, unknown> = { kind: "dynamic", ifname: name };
      if (modifier) h.modifier = modifier;
      h.noAlias = noAlias;
      if (mask !== undefined) h.mask = mask;
      h.negated = negated;
      h.range = range;
      return [h as unknown as PfHost];
    }
    const addr = tok(node, "address");
    if (!addr) return [];
    const text = tokenValue(addr);
    const end = tok(node, "rangeEnd");
    if (end) {
      const to = tokenValue(end);
      const afA = addressFamily(text);
      const afB = addressFamily(to);
      if (!afA || !afB || afA !== afB)
        this.problem(`invalid address range \`${text} - ${to}\`: both ends must be single addresses of the same family`, range);
      if (negated) this.problem("an address range cannot be negated with `!`", range);
      return [{ kind: "range", from: text, to, negated, range }];
    }
    const maskTok = tok(node, "mask");
    const af = addressFamily(text) ?? (maskTok && /^\d+(?:\.\d+){0,3}$/.test(text) ? "inet" : undefined);
    const mask = this.mask(maskTok, af === "inet" ? 32 : 128);
    const p = addr.payload as PfTokenPayload | undefined;
    if (af) {
      const h: Record<string, unknown> = { kind: "address", address: af === "inet" ? expandShortV4(text) : text, af };
      if (mask !== undefined) h.mask = mask;
      h.negated = negated;
      h.range = range;
      return [h as unknown as PfHost];
    }
    if (text === "self") {
      const h: Record<string, unknown> = { kind: "self", negated };
      if (mask !== undefined) h.mask = mask;
      h.range = range;
      return [h as unknown as PfHost];
    }
    const { name, modifier, noAlias } = this.ifaceAddress(text, tokenRange(addr));
    const h: Record<string, unknown> = { kind: "name", name };
    if (modifier) h.modifier = modifier;
    h.noAlias = noAlias;
    if (mask !== undefined) h.mask = mask;
    h.negated = negated;
    h.range = range;
    if (p?.undefinedMacro) h.undefinedMacro = true;
    return [h as unknown as PfHost];
  }

  private ifaceAddress(text: string, range: TextRange): { name: string; modifier?: PfIfModifier; noAlias: boolean } {
    const [name = "", ...mods] = text.split(":");
    let modifier: PfIfModifier | undefined;
    let noAlias = false;
    for (const m of mods) {
      if (m === "0") noAlias = true;
      else if (m === "network" || m === "broadcast" || m === "peer") {
        if (modifier) this.problem(`\`${text}\`: only one of :network, :broadcast and :peer may be given`, range);
        modifier = m;
      } else this.problem(`unknown interface modifier \`:${m}\` in \`${text}\`: expected :network, :broadcast, :peer or :0`, range);
    }
    return modifier ? { name, modifier, noAlias } : { name, noAlias };
  }

  private portSpec(node: CstNode): PfPortItem[] {
    return subs(node, "portItem").flatMap((i) => this.portItem(i));
  }

  private portItem(node: CstNode): PfPortItem[] {
    const range = nodeRange(node) ?? { start: 0, end: 0 };
    const low = valueWord(sub(node, "low"));
    if (!low) return [];
    const un = sub(node, "unaryOp");
    if (un) {
      const opTok = allTokens(un)[0];
      const op = (opTok?.image ?? "=") as PfPortOp;
      if (low.value.includes(":")) this.problem(`\`${opTok?.image} ${low.value}\`: a port range with \`:\` cannot take an operator`, range);
      return [{ op, low: low.value, range }];
    }
    const bin = tok(node, "binary");
    const high = valueWord(sub(node, "high"));
    if (bin && high) {
      const a = Number(low.value);
      const b = Number(high.value);
      if (Number.isInteger(a) && Number.isInteger(b) && (bin.image === "><" ? a >= b : a > b)) {
        this.problem(`invalid port range \`${low.value} ${bin.image} ${high.value}\`: the first port must be lower`, range);
      }
      return [{ op: bin.image as PfPortOp, low: low.value, high: high.value, range }];
    }
    const colon = low.value.indexOf(":");
    if (colon > 0) {
      const a = low.value.slice(0, colon);
      const b = low.value.slice(colon + 1);
      if (b !== "*" && /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) > Number(b)) {
        this.problem(`invalid port range \`${low.value}\`: the first port is above the last (pfctl: "invalid port range")`, low.range);
      }
      return [{ op: ":", low: a, high: b, range }];
    }
    // Every word in the value: a macro may hold several ports (`5555 6666`).
    return words(low.value).map((v) => ({ op: "=", low: v, range }));
  }

  private genericOption(node: CstNode): PfRuleOption {
    const all = allTokens(node);
    const bang = tok(node, "Bang");
    const nameTok = tok(node, "opt") ?? all.find((t) => t !== bang);
    const args = all.filter(
      (t) => t !== bang && t !== nameTok && t.tokenType.name !== "LParen" && t.tokenType.name !== "RParen" && t.tokenType.name !== "Comma",
    );
    return {
      name: nameTok ? nameTok.image : "",
      args: args.map(word),
      negated: bang !== undefined,
      range: nodeRange(node) ?? { start: 0, end: 0 },
    };
  }

  private redirection(node: CstNode): PfRedirection {
    const host = sub(node, "host");
    const list = sub(node, "hostList");
    const hosts = host ? this.host(host) : list ? this.hostList(list) : [];
    const port = valueWord(sub(node, "port"));
    const pool = subs(node, "poolOption").map((p) => tok(p, "opt")?.image ?? "");
    const r: Record<string, unknown> = { hosts };
    if (port) r.port = port;
    r.pool = pool;
    r.range = nodeRange(node) ?? { start: 0, end: 0 };
    return r as unknown as PfRedirection;
  }

  private stateSpec(node: CstNode): PfStateSpec {
    const mode = (tok(node, "mode")?.image ?? "keep") as PfStateMode;
    const list = sub(node, "stateOptList");
    const options = list ? subs(list, "stateOption").map((o) => this.genericOption(o)) : [];
    return { mode, options, range: nodeRange(node) ?? { start: 0, end: 0 } };
  }

  private route(node: CstNode): PfRouteSpec {
    const kind = (tok(node, "kind")?.image ?? "route-to") as PfRouteSpec["kind"];
    const targets = subs(node, "routeHost").flatMap((rh) => {
      const ifname = valueWord(sub(rh, "ifname"));
      if (!ifname) return [];
      const nh = sub(rh, "nexthop");
      const nexthop = nh ? this.host(nh)[0] : undefined;
      return [{ ifname: ifname.value, ...(nexthop ? { nexthop } : {}), range: nodeRange(rh) ?? ifname.range }];
    });
    const pool = subs(node, "poolOption").map((p) => tok(p, "opt")?.image ?? "");
    return { kind, targets, pool, range: nodeRange(node) ?? { start: 0, end: 0 } };
  }

  private filterOptions(node: CstNode): {
    options: PfRuleOption[];
    state?: PfStateSpec;
    natTo?: PfRedirection;
    rdrTo?: PfRedirection;
    binatTo?: PfRedirection;
    afTo?: PfFilterRuleNode["afTo"];
  } {
    const options: PfRuleOption[] = [];
    const out: ReturnType<PfAstBuilder["filterOptions"]> = { options };
    const seen = new Map<string, TextRange>();
    for (const o of subs(node, "filterOption")) {
      const range = nodeRange(o) ?? { start: 0, end: 0 };
      const ss = sub(o, "stateSpec");
      const name = ss ? "state" : (tok(o, "opt")?.image ?? "");
      const once = [
        "flags",
        "icmp-type",
        "icmp6-type",
        "prio",
        "tos",
        "state",
        "queue",
        "nat-to",
        "rdr-to",
        "af-to",
        "received-on",
        "max-pkt-rate",
      ];
      const key = name === "binat-to" ? "nat-to" : name === "icmp6-type" ? "icmp-type" : tok(o, "Kw_limiter") ? `${name} limiter` : name;
      if (once.includes(key) && seen.has(key))
        this.problem(`\`${name}\` is given more than once in this rule: each of these options may appear only once`, range);
      seen.set(key, range);
      if (ss) {
        out.state = this.stateSpec(ss);
        options.push({ name: `${out.state.mode} state`, args: [], negated: false, range });
        continue;
      }
      const redir = sub(o, "redir");
      if (redir && name === "af-to") {
        const af = sub(o, "addressFamily");
        const to = sub(o, "afTo");
        out.afTo = {
          af: af && has(af, "Kw_inet6") ? "inet6" : "inet",
          from: this.redirection(redir),
          ...(to ? { to: this.redirection(to) } : {}),
        };
      } else if (redir) {
        const r = this.redirection(redir);
        if (name === "nat-to") out.natTo = r;
        else if (name === "rdr-to") out.rdrTo = r;
        else out.binatTo = r;
      }
      const generic = this.genericOption(o);
      if (name === "divert-reply") this.problem("divert-reply has no meaning in FreeBSD pf(4): remove it", range);
      options.push(generic);
    }
    return out;
  }

  private filterRule(node: CstNode, range: TextRange): PfFilterRuleNode {
    const action = sub(node, "action");
    const verb = action ? tok(action, "verb")?.image : undefined;
    const bs = sub(action, "blockSpec");
    const policy = bs ? tok(bs, "policy")?.image : undefined;
    const routeNode = sub(node, "route");
    const fromTo = sub(node, "fromTo");
    const opts = this.filterOptions(node);
    const rule: PfFilterRuleNode = {
      type: "FilterRule",
      action: verb === "block" ? "block" : verb === "match" ? "match" : "pass",
      ...(policy ? { blockPolicy: policy } : {}),
      ...this.ruleMatch(node),
      ...(routeNode ? { route: this.route(routeNode) } : {}),
      all: fromTo ? has(fromTo, "Kw_all") : false,
      ...opts,
      range,
    };
    if (rule.route && rule.route.kind !== "fastroute" && !rule.direction)
      this.problem(`\`${rule.route.kind}\` needs a direction: add \`in\` or \`out\` to the rule`, rule.route.range);
    if ((rule.natTo || rule.rdrTo) && !rule.direction)
      this.problem(
        `\`${rule.natTo ? "nat-to" : "rdr-to"}\` needs a direction: add \`in\` or \`out\` to the rule`,
        (rule.natTo ?? rule.rdrTo)?.range ?? range,
      );
    if (rule.binatTo && rule.direction) this.problem("`binat-to` must not have a direction: remove `in`/`out`", rule.binatTo.range);
    return rule;
  }

  private translationRule(node: CstNode, range: TextRange): PfStatement {
    const kind = (tok(node, "kind")?.image ?? "nat") as "nat" | "rdr" | "binat";
    const no = has(node, "Kw_no");
    const pass = has(node, "Kw_pass");
    const redir = sub(node, "redir");
    const options: PfRuleOption[] = [];
    const optToks = toks(node, "opt");
    const args = subs(node, "arg");
    optToks.forEach((o, i) => {
      const w = valueWord(args[i]);
      options.push({
        name: o.image,
        args: w ? [w] : [],
        negated: false,
        range: { start: o.startOffset, end: w ? w.range.end : tokenRange(o).end },
      });
    });
    if (no && pass) this.problem('"pass" not valid with "no": remove one of them', range);
    if (no && redir)
      this.problem(
        `${kind === "binat" ? "'no binat' rule" : "translation rule with 'no'"} does not need '->': remove the '-> …' part`,
        nodeRange(redir) ?? range,
      );
    if (!no && !redir)
      this.problem(
        `${kind === "binat" ? "'binat' rule" : "translation rule"} requires '-> address': add where the packets are translated to`,
        range,
      );
    const rule: Record<string, unknown> = { type: "TranslationRule", kind, no, pass };
    Object.assign(rule, this.ruleMatch(node));
    rule.options = options;
    if (redir) rule.redirect = this.redirection(redir);
    rule.range = range;
    return rule as unknown as PfStatement;
  }

  private anchorRule(node: CstNode, range: TextRange): PfAnchorRuleNode {
    const kind = (tok(node, "kind")?.image ?? "anchor") as PfAnchorRuleNode["kind"];
    const n = tok(node, "name");
    const opts = this.filterOptions(node);
    if (opts.state) this.problem("cannot specify state handling on anchors: remove the state option", opts.state.range);
    return { type: "AnchorRule", kind, ...(n ? { name: word(n) } : {}), ...this.ruleMatch(node), options: opts.options, range };
  }

  private antispoof(node: CstNode, range: TextRange): PfStatement {
    const lq = sub(node, "logQuick");
    const interfaces = subs(node, "antispoofInterface").flatMap((i) => {
      const d = valueWord(sub(i, "dynamic"));
      const w = d ?? valueWord(sub(i, "name"));
      return w ? [{ name: w.value, dynamic: d !== undefined, range: nodeRange(i) ?? w.range }] : [];
    });
    const af = sub(node, "addressFamily");
    const options: PfRuleOption[] = [];
    const args = subs(node, "arg");
    toks(node, "opt").forEach((o, i) => {
      const w = valueWord(args[i]);
      options.push({
        name: o.image,
        args: w ? [w] : [],
        negated: false,
        range: { start: o.startOffset, end: w ? w.range.end : tokenRange(o).end },
      });
    });
    return {
      type: "Antispoof",
      log: lq ? subs(lq, "logSpec").length > 0 : false,
      quick: lq ? has(lq, "Kw_quick") : false,
      interfaces,
      ...(af ? { af: has(af, "Kw_inet6") ? "inet6" : "inet" } : {}),
      options,
      range,
    };
  }
}

/** The words of a value that may hold several (a macro's): split at white space, empty words dropped. */
function words(value: string): string[] {
  if (!HAS_SPACE.test(value)) return value === "" ? [] : [value];
  return value.split(/\s+/).filter((x) => x !== "");
}
const HAS_SPACE = /\s/;
/** Three dots: already four parts. */
const FOUR_PARTS = /^[^.]*\.[^.]*\.[^.]*\.[^.]*$/;

/** `10/8` and `172.16/12` are networks pfctl completes with zeros. */
function expandShortV4(text: string): string {
  if (FOUR_PARTS.test(text)) return text;
  const parts = text.split(".");
  while (parts.length < 4) parts.push("0");
  return parts.join(".");
}

function addressFamily(text: string): "inet" | "inet6" | undefined {
  if (IPV4.test(text)) {
    const parts = text.split(".");
    if (parts.length === 4 && parts.every((p) => Number(p) <= 255)) return "inet";
  }
  if (IPV6.test(text) && text.includes(":") && /[0-9A-Fa-f]|::/.test(text)) return "inet6";
  return undefined;
}
