import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { RcConfFile } from "./ast.js";
import { lexRcConf } from "./lexer.js";

/**
 * Parses one rc.conf-style file (rc.conf, rc.conf.local, an rc.conf.d fragment). Pure: no I/O.
 * Plain assignments become `Assignment` statements; anything sh would have to run (`if`, a function, a
 * command, `$(…)`) is kept as one `Opaque` statement with a note.
 */
export function parseRcConf(text: string): RcConfFile {
  const lexed = lexRcConf(text);
  const problems: SyntaxProblem[] = [...lexed.problems, ...lexed.notes];
  const statements = lexed.statements;
  const cr = firstCarriageReturn(text, lexed.comments);
  if (cr !== -1) {
    problems.push({
      message:
        'carriage return (CRLF line endings): sh(1) keeps the \\r as part of the value, so pf_enable="YES" reads as "YES\\r", which rc.subr\'s checkyesno rejects, and the service does not start; convert the file to LF line endings',
      range: { start: cr, end: cr + 1 },
      severity: "error",
      lineEndings: true,
    });
  }
  problems.sort((a, b) => a.range.start - b.range.start);
  return { type: "RcConfFile", statements, comments: lexed.comments, problems, range: { start: 0, end: text.length } };
}

/**
 * The first `\r` outside a comment, or -1. sh(1) takes only `\n` as a line break and blanks as space and tab:
 * a CR is an ordinary character of the word it ends (`"YES"\r` is `YES\r`, `fi\r` is no `fi`). In a comment it
 * is harmless. Reported once per file: the file's line endings are the one thing to fix.
 */
function firstCarriageReturn(text: string, comments: readonly { range: { start: number; end: number } }[]): number {
  let c = 0;
  for (let cr = text.indexOf("\r"); cr !== -1; cr = text.indexOf("\r", cr + 1)) {
    while (c < comments.length && (comments[c] as { range: { end: number } }).range.end <= cr) c++;
    const comment = comments[c];
    if (!comment || cr < comment.range.start) return cr;
  }
  return -1;
}

export type * from "./ast.js";
export { type PfCommandLineMacro, pfFlagsMacros } from "./pf-flags.js";
export type {
  RcAddressFamily,
  RcAddressOrigin,
  RcClonedInterface,
  RcConfiguredInterface,
  RcInterfaceAddress,
  RcInterfaceAddresses,
  RcLegacyJailVariable,
  RcOpaqueAssignment,
  RcOverriddenAssignment,
  RcProvenance,
  RcUnresolvedReference,
  RcValueWithSource,
  RcVariable,
  RcWord,
  RcYesNo,
} from "./view.js";
export { buildRcConfig, ifVarKey, netmaskToPrefix, orderRcFiles, RcConfig } from "./view.js";
