import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";

/** What an action does to a packet (ipfw(8) RULE ACTIONS). */
export type IpfwActionKind =
  | "allow"
  | "deny"
  | "count"
  | "skipto"
  | "call"
  | "return"
  | "check-state"
  | "nat"
  /** Hands the packet elsewhere (`fwd`, `divert`, `tee`, `pipe`, `queue`, `netgraph`, …): decided outside the ruleset. */
  | "elsewhere"
  /** Changes the packet and goes on (`setfib`, `setdscp`, `tcp-setmss`, `reass`). */
  | "modify";

export interface IpfwAction {
  readonly kind: IpfwActionKind;
  /** The word as written: `allow`, `pass`, `unreach`, … */
  readonly keyword: string;
  /** The argument word: skipto's and call's rule number, nat's instance, fwd's address, unreach's code. */
  readonly arg?: string;
  /** skipto's or call's target rule number, when it is one. */
  readonly target?: number;
  readonly range: TextRange;
}

/** One element of a `from`/`to` address list. */
export type IpfwAddress =
  | { readonly kind: "any"; readonly range: TextRange }
  | { readonly kind: "me"; readonly range: TextRange }
  | { readonly kind: "me6"; readonly range: TextRange }
  | { readonly kind: "table"; readonly name: string; readonly range: TextRange }
  /** An address or network, as `address/prefix`. */
  | { readonly kind: "network"; readonly af: "inet" | "inet6"; readonly network: string; readonly range: TextRange }
  /** A host name (resolved when the rule is added) or another form judged only on the running host. */
  | { readonly kind: "name"; readonly name: string; readonly range: TextRange };

export interface IpfwPortRange {
  readonly low: number;
  readonly high: number;
}

export interface IpfwEndpoint {
  readonly negated: boolean;
  /** Any of these (an `{ a or b }` block, or a comma list). */
  readonly addresses: readonly IpfwAddress[];
  /** Empty: any port. A port given by service name is `undefined` in `ports` and named in `portNames`. */
  readonly ports: readonly IpfwPortRange[];
  readonly portNames: readonly string[];
  readonly range: TextRange;
}

export type IpfwOption =
  | { readonly kind: "direction"; readonly direction: "in" | "out"; readonly negated: boolean; readonly range: TextRange }
  | {
      readonly kind: "interface";
      readonly which: "via" | "recv" | "xmit";
      readonly iface: string;
      readonly negated: boolean;
      readonly range: TextRange;
    }
  /** `keep-state`, `record-state`, `limit`: the rule creates dynamic state. */
  | { readonly kind: "state"; readonly keyword: string; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "setup" | "established" | "frag"; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "proto"; readonly protos: readonly string[]; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "or"; readonly options: readonly IpfwOption[]; readonly negated: boolean; readonly range: TextRange }
  /** An option jaillint does not judge (`uid`, `tcpflags`, `jail`, …): a packet question it decides is "unknown". */
  | { readonly kind: "other"; readonly keyword: string; readonly negated: boolean; readonly range: TextRange };

export interface IpfwRuleBody {
  /** Any of these protocols (`ip` and `all` match every one). */
  readonly protos: readonly string[];
  readonly from: IpfwEndpoint;
  readonly to: IpfwEndpoint;
  readonly options: readonly IpfwOption[];
}

/** `add [number] [set N] [prob P] action [log] body`. */
export interface IpfwRule {
  readonly type: "Rule";
  /** The number written, if any (ipfw numbers the others when it adds them: see the ruleset in policy.ts). */
  readonly written: number | undefined;
  readonly set: number | undefined;
  /** `prob P`: the rule matches only sometimes. */
  readonly probability: number | undefined;
  readonly action: IpfwAction;
  readonly log: boolean;
  /** Absent for `check-state` and other actions written alone. */
  readonly body: IpfwRuleBody | undefined;
  readonly range: TextRange;
  /** The rule as ipfw reads it: the command words from `add` on, joined by one space. */
  readonly text: string;
}

/** `table N add address [value]`, `table N create …`, `table N flush`. */
export interface IpfwTableCommand {
  readonly type: "Table";
  readonly name: string;
  readonly op: string;
  readonly entries: readonly { readonly network: string; readonly af: "inet" | "inet6"; readonly range: TextRange }[];
  readonly range: TextRange;
}

/** `nat N config …` (ipfw(8) NETWORK ADDRESS TRANSLATION). */
export interface IpfwNatConfig {
  readonly type: "NatConfig";
  readonly instance: string;
  /** `if em0` */
  readonly iface: string | undefined;
  /** `ip 203.0.113.2` */
  readonly address: string | undefined;
  readonly range: TextRange;
}

/** Any other command (`-f flush`, `pipe 1 config …`, `set 3 disable`), kept as words. */
export interface IpfwOtherCommand {
  readonly type: "Other";
  readonly words: readonly string[];
  readonly range: TextRange;
}

export type IpfwCommand = IpfwRule | IpfwTableCommand | IpfwNatConfig | IpfwOtherCommand;

export interface IpfwFile {
  readonly type: "IpfwFile";
  readonly commands: readonly IpfwCommand[];
  readonly problems: readonly SyntaxProblem[];
  readonly range: TextRange;
}
