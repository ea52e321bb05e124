import type { FreeBsdVersion } from "../common/freebsd-version.js";
import { LineIndex } from "../common/line-index.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { PfStatement } from "./ast.js";

/**
 * parse.y's rule-order states (`PFCTL_STATE_*`): `check_rulestate(desired)` fails when the state reached so far is
 * above the one the statement needs, and otherwise moves the state forward.
 */
enum RuleState {
  Option = 1,
  Ether = 2,
  Scrub = 3,
  Queue = 4,
  Nat = 5,
  Filter = 6,
}

/** The `set` options whose productions call `check_rulestate(PFCTL_STATE_OPTION)` (parse.y `option`, timeout_spec, limit_spec). */
const ORDERED_OPTIONS = new Set([
  "reassemble",
  "optimization",
  "timeout",
  "limit",
  "loginterface",
  "block-policy",
  "fail-policy",
  "fingerprints",
  "debug",
]);

const SECTION: Record<RuleState, string> = {
  [RuleState.Option]: "option",
  [RuleState.Ether]: "ethernet rule",
  [RuleState.Scrub]: "normalization (`scrub`) rule",
  [RuleState.Queue]: "queueing rule",
  [RuleState.Nat]: "translation (`nat`/`rdr`/`binat`) rule",
  [RuleState.Filter]: "filter rule",
};

/** The state a statement checks, or undefined for those parse.y never checks (macros, tables, include, load anchor, `set skip` …). */
function stateOf(st: PfStatement): RuleState | undefined {
  switch (st.type) {
    case "SetOption":
      return ORDERED_OPTIONS.has(st.option) ? RuleState.Option : undefined;
    case "EtherRule":
      return RuleState.Ether;
    case "ScrubRule":
      return RuleState.Scrub;
    case "QueueRule":
      return RuleState.Queue;
    case "TranslationRule":
      return RuleState.Nat;
    case "AnchorRule":
      if (st.kind === "ether-anchor") return RuleState.Ether;
      return st.kind === "anchor" ? RuleState.Filter : RuleState.Nat;
    case "FilterRule":
    case "Antispoof":
      return RuleState.Filter;
    default:
      return undefined;
  }
}

/**
 * pfctl's own text (sbin/pfctl/parse.y `check_rulestate`). FreeBSD 14 and 15 have Ethernet rules and name them; the
 * parse.y FreeBSD 13 was branched from has no Ethernet state and says "options, normalization, queueing,
 * translation, filtering".
 */
export function ruleOrderMessage(version: FreeBsdVersion): string {
  return version >= 14
    ? "Rules must be in order: options, ethernet, normalization, queueing, translation, filtering"
    : "Rules must be in order: options, normalization, queueing, translation, filtering";
}

/** One top-level statement of the ruleset pfctl reads, in reading order, with the file it is written in. */
export interface PfSequencedStatement {
  readonly file: string;
  readonly text: string;
  readonly statement: PfStatement;
}

export interface PfOrderProblem {
  readonly file: string;
  readonly problem: SyntaxProblem;
}

/**
 * The statements pfctl rejects for their order. parse.y keeps one `rulestate` for the whole parse (included files
 * share it), starting at NONE; a rejected statement leaves it unchanged, so every later statement below the state
 * reached fails too. `set require-order no` turns the check off for the statements after it (`require_order`, on
 * by default). The same states hold in FreeBSD 13, 14 and 15: in 15, `pass`/`match` rules with `nat-to`/`rdr-to`
 * are filter rules (pfrule checks PFCTL_STATE_FILTER), and only the legacy `nat`/`rdr`/`binat` rules and
 * `nat-`/`rdr-`/`binat-anchor` are translation.
 */
export function checkPfRuleOrder(
  sequence: readonly PfSequencedStatement[],
  version: FreeBsdVersion,
  /** How the message names another file (ConfigHost.label). */
  label: (file: string) => string = (f) => f,
): PfOrderProblem[] {
  const out: PfOrderProblem[] = [];
  const lines = new Map<string, LineIndex>();
  const lineOf = (file: string, text: string, offset: number): number => {
    let idx = lines.get(file);
    if (!idx) {
      idx = new LineIndex(text);
      lines.set(file, idx);
    }
    return idx.position(offset).line;
  };
  let requireOrder = true;
  let state = 0;
  let raisedBy: PfSequencedStatement | undefined;
  for (const item of sequence) {
    const st = item.statement;
    if (st.type === "SetOption" && st.option === "require-order") {
      const word = st.args[0]?.value;
      if (word === "yes") requireOrder = true;
      else if (word === "no") requireOrder = false;
      continue;
    }
    const want = stateOf(st);
    if (want === undefined) continue;
    if (requireOrder && state > want && raisedBy) {
      const where = raisedBy.file === item.file ? "" : ` of ${label(raisedBy.file)}`;
      const at = `line ${lineOf(raisedBy.file, raisedBy.text, raisedBy.statement.range.start)}${where}`;
      out.push({
        file: item.file,
        problem: {
          message: `${SECTION[want]} after the ${SECTION[state as RuleState]} on ${at}: pfctl stops with "${ruleOrderMessage(version)}" and loads none of the rules; move it above that ${SECTION[state as RuleState]}`,
          range: st.range,
        },
      });
      continue;
    }
    // check_rulestate sets `rulestate = desired_state`: with require-order off the state can also go down.
    if (want !== state) raisedBy = item;
    state = want;
  }
  return out;
}
