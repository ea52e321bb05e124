import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";

/** A `# …` comment (backslash-newline inside it continues it, as pfctl does). */
export interface PfComment {
  readonly text: string;
  readonly range: TextRange;
}

/** A `$name` reference. `defined` is false when no definition came before it (pfctl: "macro 'x' not defined"). */
export interface PfMacroUse {
  readonly name: string;
  readonly range: TextRange;
  readonly defined: boolean;
}

/**
 * One word as pfctl reads it (quotes removed). A word that came from `$macro` has the range of the reference
 * and names the macro; `undefinedMacro` marks the placeholder kept for a reference with no definition.
 */
export interface PfWord {
  readonly value: string;
  readonly range: TextRange;
  readonly quoted: boolean;
  readonly macro?: string;
  readonly undefinedMacro?: boolean;
}

/** An `on` item: an interface, an interface group (`lo`, `egress`) or `any`. */
export interface PfInterfaceItem {
  readonly name: string;
  readonly negated: boolean;
  readonly range: TextRange;
  readonly undefinedMacro?: boolean;
}

/** Interface-address modifiers, `em0:network`, `(em0:0)`. */
export type PfIfModifier = "network" | "broadcast" | "peer";

/** One element of a host list, after parse.y's `xhost`/`host`. `negated` is the element's own `!`. */
export type PfHost =
  | { readonly kind: "any"; readonly negated: boolean; readonly range: TextRange }
  /** A literal IPv4/IPv6 address or network. `mask` is the prefix length when written. */
  | {
      readonly kind: "address";
      readonly address: string;
      readonly af: "inet" | "inet6";
      readonly mask?: number;
      readonly negated: boolean;
      readonly range: TextRange;
    }
  /** `a - b`: an inclusive range of single addresses. */
  | { readonly kind: "range"; readonly from: string; readonly to: string; readonly negated: boolean; readonly range: TextRange }
  /** A host, interface or group name, resolved by pfctl at load time (`em0`, `em0:network`, `www.example.org`). */
  | {
      readonly kind: "name";
      readonly name: string;
      readonly modifier?: PfIfModifier;
      /** `:0`: no aliases. */
      readonly noAlias: boolean;
      readonly mask?: number;
      readonly negated: boolean;
      readonly range: TextRange;
      readonly undefinedMacro?: boolean;
    }
  /** `self`: every address of every interface, taken at load time. */
  | { readonly kind: "self"; readonly negated: boolean; readonly mask?: number; readonly range: TextRange }
  /** `(em0)`, `(em0:network)`, `(self)`: follows the interface's addresses at run time. */
  | {
      readonly kind: "dynamic";
      readonly ifname: string;
      readonly modifier?: PfIfModifier;
      readonly noAlias: boolean;
      readonly mask?: number;
      readonly negated: boolean;
      readonly range: TextRange;
    }
  | { readonly kind: "table"; readonly name: string; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "no-route"; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "urpf-failed"; readonly negated: boolean; readonly range: TextRange };

/** Port (and user/group id) comparison operators; `:` is an inclusive range, `><` exclusive, `<>` outside. */
export type PfPortOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":" | "><" | "<>";

export interface PfPortItem {
  readonly op: PfPortOp;
  /** A number or a service name (`ssh`), as written. */
  readonly low: string;
  readonly high?: string;
  readonly range: TextRange;
}

/** One side of `from … to …`. An empty `hosts` means any. */
export interface PfAddressSpec {
  readonly hosts: readonly PfHost[];
  readonly ports: readonly PfPortItem[];
  readonly range: TextRange;
}

/** A filter option as written: `label "x"`, `! tagged T`, `max-pkt-rate 100/10`. */
export interface PfRuleOption {
  readonly name: string;
  readonly args: readonly PfWord[];
  readonly negated: boolean;
  readonly range: TextRange;
}

/** Translation target: `nat-to`/`rdr-to`/`binat-to`/`af-to` argument, or a legacy rule's `-> …`. */
export interface PfRedirection {
  readonly hosts: readonly PfHost[];
  readonly port?: PfWord;
  readonly pool: readonly string[];
  readonly range: TextRange;
}

export type PfStateMode = "keep" | "modulate" | "synproxy" | "no";

export interface PfStateSpec {
  readonly mode: PfStateMode;
  readonly options: readonly PfRuleOption[];
  readonly range: TextRange;
}

export interface PfRouteSpec {
  readonly kind: "route-to" | "reply-to" | "dup-to" | "fastroute";
  readonly targets: readonly { readonly ifname: string; readonly nexthop?: PfHost; readonly range: TextRange }[];
  readonly pool: readonly string[];
  readonly range: TextRange;
}

/** What pass/block/match, anchors and legacy translation rules share: where the rule applies. */
export interface PfRuleMatch {
  readonly direction?: "in" | "out";
  readonly log: boolean;
  readonly quick: boolean;
  readonly interfaces: readonly PfInterfaceItem[];
  readonly af?: "inet" | "inet6";
  readonly protos: readonly PfWord[];
  readonly from?: PfAddressSpec;
  readonly to?: PfAddressSpec;
  readonly os: readonly PfWord[];
}

export interface PfMacroDefinition {
  readonly type: "MacroDefinition";
  readonly name: string;
  readonly nameRange: TextRange;
  /** The value as pfctl stores it: words joined by single spaces, references already expanded. */
  readonly value: string;
  readonly range: TextRange;
}

export interface PfTableDefinition {
  readonly type: "TableDefinition";
  readonly name: string;
  readonly nameRange: TextRange;
  readonly persist: boolean;
  readonly const: boolean;
  readonly counters: boolean;
  /** Inline `{ … }` entries (several lists are joined). */
  readonly addresses: readonly PfHost[];
  readonly files: readonly PfWord[];
  readonly range: TextRange;
}

export interface PfSetOption {
  readonly type: "SetOption";
  /** `skip`, `timeout`, `block-policy` … */
  readonly option: string;
  readonly args: readonly PfWord[];
  /** `set skip on …` only. */
  readonly interfaces: readonly PfInterfaceItem[];
  readonly range: TextRange;
}

export interface PfInclude {
  readonly type: "Include";
  readonly path: PfWord;
  readonly range: TextRange;
}

export interface PfLoadAnchor {
  readonly type: "LoadAnchor";
  readonly name: PfWord;
  readonly path: PfWord;
  readonly range: TextRange;
}

/** `pass`, `block`, `match` (parse.y `pfrule`). */
export interface PfFilterRuleNode extends PfRuleMatch {
  readonly type: "FilterRule";
  readonly action: "pass" | "block" | "match";
  /** `block drop|return|return-rst|return-icmp|return-icmp6`. */
  readonly blockPolicy?: string;
  readonly route?: PfRouteSpec;
  readonly all: boolean;
  readonly state?: PfStateSpec;
  readonly options: readonly PfRuleOption[];
  readonly natTo?: PfRedirection;
  readonly rdrTo?: PfRedirection;
  readonly binatTo?: PfRedirection;
  readonly afTo?: { readonly af: "inet" | "inet6"; readonly from: PfRedirection; readonly to?: PfRedirection };
  readonly range: TextRange;
}

/** Legacy `[no] nat|rdr|binat` (the "NAT ruleset (pre-FreeBSD 15)"). */
export interface PfTranslationRuleNode extends PfRuleMatch {
  readonly type: "TranslationRule";
  readonly kind: "nat" | "rdr" | "binat";
  readonly no: boolean;
  readonly pass: boolean;
  readonly options: readonly PfRuleOption[];
  readonly redirect?: PfRedirection;
  readonly range: TextRange;
}

/** `anchor`, `nat-anchor`, `rdr-anchor`, `binat-anchor`, `ether anchor`; `body` is set for inline `{ … }` anchors. */
export interface PfAnchorRuleNode extends PfRuleMatch {
  readonly type: "AnchorRule";
  readonly kind: "anchor" | "nat-anchor" | "rdr-anchor" | "binat-anchor" | "ether-anchor";
  readonly name?: PfWord;
  readonly options: readonly PfRuleOption[];
  readonly body?: readonly PfStatement[];
  readonly range: TextRange;
}

export interface PfAntispoof {
  readonly type: "Antispoof";
  readonly log: boolean;
  readonly quick: boolean;
  readonly interfaces: readonly { readonly name: string; readonly dynamic: boolean; readonly range: TextRange }[];
  readonly af?: "inet" | "inet6";
  readonly options: readonly PfRuleOption[];
  readonly range: TextRange;
}

/** Pre-FreeBSD 14 `[no] scrub …` rule. */
export interface PfScrubRule extends PfRuleMatch {
  readonly type: "ScrubRule";
  readonly no: boolean;
  readonly options: readonly PfRuleOption[];
  readonly range: TextRange;
}

/** ALTQ `altq on …` and `queue name …`. */
export interface PfQueueRule {
  readonly type: "QueueRule";
  readonly kind: "altq" | "queue";
  readonly name?: PfWord;
  readonly interfaces: readonly PfInterfaceItem[];
  readonly options: readonly PfRuleOption[];
  readonly children: readonly PfWord[];
  readonly range: TextRange;
}

/** Layer-2 `ether …` rule, kept as words (not evaluated). */
export interface PfEtherRule {
  readonly type: "EtherRule";
  readonly words: readonly PfWord[];
  readonly range: TextRange;
}

/** `state limiter …` / `source limiter …` definitions (newest parse.y), kept as words. */
export interface PfLimiterDefinition {
  readonly type: "LimiterDefinition";
  readonly kind: "state" | "source";
  readonly words: readonly PfWord[];
  readonly range: TextRange;
}

export type PfStatement =
  | PfMacroDefinition
  | PfTableDefinition
  | PfSetOption
  | PfInclude
  | PfLoadAnchor
  | PfFilterRuleNode
  | PfTranslationRuleNode
  | PfAnchorRuleNode
  | PfAntispoof
  | PfScrubRule
  | PfQueueRule
  | PfEtherRule
  | PfLimiterDefinition;

/**
 * A statement pfctl rejects (it yields a syntax error and nothing else). `tables` are the names of a
 * `table <name> …` line that failed further on: pfctl still reports the error, but the admin meant to
 * define that table, so later uses of it are not reported as undefined as well.
 */
export interface PfUnparsedStatement {
  readonly range: TextRange;
  readonly tables: readonly { readonly name: string; readonly range: TextRange }[];
}

export interface PfConfFile {
  readonly type: "PfConfFile";
  readonly statements: readonly PfStatement[];
  readonly comments: readonly PfComment[];
  /** Every `$name` reference, in file order. */
  readonly macroUses: readonly PfMacroUse[];
  /** Statements that did not parse, in file order. */
  readonly unparsed: readonly PfUnparsedStatement[];
  readonly problems: readonly SyntaxProblem[];
  readonly range: TextRange;
}
