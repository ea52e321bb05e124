/**
 * What the fuzz and property tests check, and the classes of failure they still tolerate.
 *
 * KNOWN_BUGS is the one list of failures that are known, filed (issue 14, item N) and being fixed elsewhere.
 * A failure is tolerated only when an entry matches it; every other failure fails the suite. When a fix
 * lands, delete its entry: the harness then holds the fix for good.
 */

/** What a run broke (see test/support/fuzz/checks.ts and test/support/grammar-properties.ts). */
export type ViolationKind =
  /** The parser threw, the CLI printed "internal error" or a stack trace, or its worker died. */
  | "exception"
  /** An exit status other than 0, 1 or 2. */
  | "exit-status"
  /** No answer within the time limit. */
  | "hang"
  /** A run far slower per byte than the median run of its mode. */
  | "slow"
  /** JSON, SARIF or checkstyle XML that does not parse or does not fit its schema. */
  | "malformed-output"
  /** A C0 (other than \n and \t), C1, ESC or bidi control printed raw in text output or on stderr. */
  | "control-character"
  /** A lone UTF-16 surrogate in output (raw, or escaped as `\udXXX` in JSON). */
  | "lone-surrogate"
  /** A range outside its document. */
  | "position"
  /** A line:column that is not where its offset is, lines counted as editors count them. */
  | "line-column"
  /** `--fix` run again changed the files again (or the dry run and the fix disagree). */
  | "fix-not-idempotent"
  /** `--fix` refused its own fixes ("please report this"). */
  | "fix-refused"
  /** A byte the user wrote changed outside the fixes' edits (invalid UTF-8 re-encoded, say). */
  | "bytes-changed"
  /** Something outside the linted root was read, printed or written. */
  | "containment";

export interface Violation {
  readonly kind: ViolationKind;
  /** The run it happened in (`--format json`, `--fix (second run)`, `parseJailConf`, …). */
  readonly mode: string;
  readonly detail: string;
}

/** The input a violation came from: the files of one run, by path relative to the run's directory. */
export type FuzzInput = ReadonlyMap<string, Buffer>;

export interface KnownBug {
  /** The item of issue 14 that describes it. */
  readonly item: number;
  readonly title: string;
  readonly matches: (v: Violation, input: FuzzInput) => boolean;
}

// Every class the harness found in issue 14 is fixed; a new one is added here only with the issue item it is filed under.
export const KNOWN_BUGS: readonly KnownBug[] = [];

/** The entry that tolerates a violation, if any. */
export function knownBug(v: Violation, input: FuzzInput): KnownBug | undefined {
  return KNOWN_BUGS.find((k) => k.matches(v, input));
}
