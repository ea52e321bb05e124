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

const anyFile = (input: FuzzInput, test: (b: Buffer) => boolean): boolean => [...input.values()].some(test);
/** A line of more than 4,096 bytes. */
const hasLongLine = (b: Buffer): boolean => {
  for (let start = 0, nl = b.indexOf(0x0a); ; start = nl + 1, nl = b.indexOf(0x0a, start)) {
    if ((nl === -1 ? b.length : nl) - start > 4096) return true;
    if (nl === -1) return false;
  }
};
/** A CR that is not part of a CRLF. */
const hasLoneCr = (b: Buffer): boolean => b.some((c, i) => c === 0x0d && b[i + 1] !== 0x0a);

/** The violation names a file (its detail starts with the path) with an odd number of `"` or `'`. */
function unclosedQuoteIn(v: Violation, input: FuzzInput): boolean {
  const file = [...input.keys()].find((path) => v.detail.includes(`${path} `));
  const text = file === undefined ? "" : (input.get(file) as Buffer).toString("latin1");
  return (text.split('"').length - 1) % 2 === 1 || (text.split("'").length - 1) % 2 === 1;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    item: 1,
    title: "a long line with thousands of findings: stylish quotes the whole line once per finding",
    matches: (v, input) => (v.kind === "hang" || v.kind === "slow") && anyFile(input, hasLongLine),
  },
  {
    item: 7,
    title: "--fix --unsafe-fixes never settles on a file with an unclosed quote",
    // JL303's fix appends pf_enable="YES" where sh never reads it (after an unclosed quote, `$(`, `{` …).
    matches: (v, input) => v.kind === "fix-not-idempotent" && (unclosedQuoteIn(v, input) || /rc\.conf changed .*pf_enable/.test(v.detail)),
  },
  {
    item: 7,
    title: "a fix to a file that an earlier fix brought into the host (a renamed mount.fstab) waits for the next --fix",
    matches: (v) =>
      v.kind === "fix-not-idempotent" && /changed the files again: (?!\S*(jail\.conf|rc\.conf|pf\.conf))\S+ changed/.test(v.detail),
  },
  {
    item: 8,
    title: "invalid UTF-8 is replaced by U+FFFD when --fix writes the file",
    matches: (v) => v.kind === "bytes-changed" && v.detail.includes("is not UTF-8"),
  },
  {
    item: 11,
    title: "text formats print control characters, escape sequences and bidi controls from the config raw",
    matches: (v) => v.kind === "control-character",
  },
  {
    item: 12,
    title: "a lone CR is not counted as a line break",
    matches: (v, input) => v.kind === "line-column" && anyFile(input, hasLoneCr),
  },
  {
    item: 12,
    title: "a character outside quotes is cut between its surrogates in messages (and checkstyle XML breaks on the half)",
    matches: (v) =>
      v.kind === "lone-surrogate" || (v.kind === "malformed-output" && /U\+d[89a-f][0-9a-f]{2} is not an XML character/.test(v.detail)),
  },
];

/** The entry that tolerates a violation, if any. */
export function knownBug(v: Violation, input: FuzzInput): KnownBug | undefined {
  return KNOWN_BUGS.find((k) => k.matches(v, input));
}
