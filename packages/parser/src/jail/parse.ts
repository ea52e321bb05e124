import { EOF, type IToken } from "chevrotain";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import { type FileLanguage, unreadableSummary } from "../common/unreadable-file.js";
import type { IncludeStatement, JailConfFile, JailStatement, ParamStatement } from "./ast.js";
import { parseWellFormedJailConf } from "./direct.js";
import { lexJailConf } from "./lexer.js";
import { describeParseError } from "./parse-errors.js";
import { parseJailTokens } from "./parser.js";
import { JailAstBuilder } from "./to-ast.js";
import { LCurly, RCurly } from "./tokens.js";

export interface JailParseOptions {
  /** The FreeBSD release whose jail(8) is the judge (CRLF, nested blocks and `.include` need 14.0+). */
  readonly freebsd?: FreeBsdVersion;
}

/** Parses one jail.conf text. Pure: no I/O; `.include` is left for the resolver. */
export function parseJailConf(text: string, options: JailParseOptions = {}): JailConfFile {
  const version = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
  // A well-formed file is read directly; one with any lexical or syntax error the Chevrotain way (direct.ts).
  const direct = parseWellFormedJailConf(text, version);
  if (direct) return finish(text, version, lineEndingProblems(text, version), direct.statements, direct.problems, direct.comments);
  return parseJailConfByChevrotain(text, options);
}

/** parseJailConf without the direct reader: what it falls back to, and what tests compare the direct reader with. */
export function parseJailConfByChevrotain(text: string, options: JailParseOptions = {}): JailConfFile {
  const version = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
  const lexed = lexJailConf(text);
  const problems: SyntaxProblem[] = [...lexed.problems, ...lineEndingProblems(text, version)];
  const tokens = capNesting(lexed.tokens, problems);
  const { cst, errors } = parseJailTokens(tokens);
  // An unterminated string or comment swallows the rest of the file (and so does the nesting cut-off); the
  // parser's complaints at the end of the file are only its echo.
  const swallowed = tokens !== lexed.tokens || lexed.problems.some((p) => /^unterminated (string|comment)/.test(p.message));
  for (const e of errors) {
    const problem = describeParseError(e, text);
    if (problem && !(swallowed && (problem.range.start >= text.length || e.token.tokenType === EOF))) problems.push(problem);
  }
  const builder = new JailAstBuilder(version, swallowed);
  return finish(text, version, problems, builder.file(cst), builder.problems, lexed.comments);
}

/** jail(8) before 14.0 rejects a carriage return: one problem, at the first. */
function lineEndingProblems(text: string, version: FreeBsdVersion): SyntaxProblem[] {
  const cr = version < 14 ? text.indexOf("\r") : -1;
  if (cr === -1) return [];
  return [
    {
      message: `carriage return (CRLF line endings): FreeBSD ${version}'s jail(8) rejects '\\r'; convert the file to LF line endings`,
      range: { start: cr, end: cr + 1 },
      lineEndings: true,
    },
  ];
}

/**
 * What both readers share: the version checks made on the AST, then the problems in text order. `problems` are
 * the lexer's and parser's, `astProblems` the AST builder's (the `.include` checks are added to them).
 */
function finish(
  text: string,
  version: FreeBsdVersion,
  problems: SyntaxProblem[],
  built: JailStatement[],
  astProblems: SyntaxProblem[],
  comments: JailConfFile["comments"],
): JailConfFile {
  const statements = markIncludes(built, version, astProblems);
  problems.push(...astProblems);
  problems.sort((a, b) => a.range.start - b.range.start);
  const range = { start: 0, end: text.length };
  const summary = unreadableSummary(problems, text, JAIL_CONF_LANGUAGE);
  // Recovery's statements in a file that is mostly not jail.conf (a template) would each get their own findings.
  if (summary) return { type: "JailConfFile", statements: [], comments, problems: [summary], range };
  const marked = problems.length > 0 ? markRecovered(statements, problems, text) : statements;
  return { type: "JailConfFile", statements: marked, comments, problems, range };
}

/**
 * Marks the parameter statements that did not parse. After a syntax error Chevrotain's recovery resumes at the
 * next token it can use, so the words of a broken line (a template's `{{ name }}`, `{% for %}`) become statements
 * of their own; jail(8) reads none of them. A statement counts as broken when its `;` is missing or a problem starts
 * inside it or earlier on the line it starts on.
 */
const JAIL_CONF_LANGUAGE: FileLanguage = { name: "jail.conf", program: "jail(8)", comment: /^\s*(#|\/\/)/ };

function markRecovered(statements: JailStatement[], problems: readonly SyntaxProblem[], text: string): JailStatement[] {
  const starts = problems
    .map((p) => p.range.start)
    .filter((s) => s < text.length)
    .sort((a, b) => a - b);
  return markRecoveredIn(statements, starts, text);
}

function markRecoveredIn(statements: JailStatement[], starts: readonly number[], text: string): JailStatement[] {
  // Binary search in the sorted problem starts: a template has thousands of both statements and problems.
  const hit = (from: number, to: number): boolean => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length && (starts[lo] as number) < to;
  };
  return mapChanged(statements, (st): JailStatement => {
    if (st.type === "Jail") {
      const body = markRecoveredIn(st.body as JailStatement[], starts, text);
      return body === st.body ? st : { ...st, body };
    }
    if (st.type !== "Param") return st;
    // The line as an editor shows it: a lone CR ends a line too.
    const lineStart = Math.max(text.lastIndexOf("\n", st.range.start - 1), text.lastIndexOf("\r", st.range.start - 1)) + 1;
    const recovered = text[st.range.end - 1] !== ";" || hit(lineStart, st.range.end);
    return recovered ? { ...st, recovered } : st;
  });
}

/** jail(8) nests without limit; the parser recurses per block, so hostile depth is cut off with a problem. */
const MAX_BLOCK_DEPTH = 100;

function capNesting(tokens: IToken[], problems: SyntaxProblem[]): IToken[] {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    if (t.tokenType === LCurly && ++depth > MAX_BLOCK_DEPTH) {
      problems.push({
        message: `jail blocks nested more than ${MAX_BLOCK_DEPTH} deep: jaillint stops reading the file here`,
        range: { start: t.startOffset, end: t.startOffset + 1 },
      });
      return tokens.slice(0, i);
    }
    if (t.tokenType === RCurly && depth > 0) depth--;
  }
  return tokens;
}

/**
 * jailparse.y (14.0+) treats `.include "file";`, the name-value form only, as a directive. `.include = x;`
 * stays an ordinary (unknown) parameter, as it is for jail(8).
 */
function markIncludes(statements: JailStatement[], version: FreeBsdVersion, problems: SyntaxProblem[]): JailStatement[] {
  return mapChanged(statements, (st): JailStatement => {
    if (st.type === "Jail") {
      const body = markIncludes(st.body as JailStatement[], version, problems);
      return body === st.body ? st : { ...st, body };
    }
    if (st.type !== "Param" || st.name !== ".include" || st.operator !== "juxtaposed" || st.isVariable) return st;
    if (version < 14) {
      problems.push({
        message: `\`.include\` needs FreeBSD 14.0 or later; FreeBSD ${version}'s jail(8) reads it as an unknown parameter`,
        range: st.nameRange,
      });
      return st;
    }
    for (const path of st.values) {
      const v = path.pieces.find((p) => p.kind === "variable");
      if (v) problems.push({ message: "variables are not permitted in an `.include` file name: write the path literally", range: v.range });
    }
    return includeOf(st);
  });
}

/** `list.map(f)`, but `list` itself when f changes none of its items: most statements stay as they are. */
function mapChanged(list: JailStatement[], f: (st: JailStatement) => JailStatement): JailStatement[] {
  let out: JailStatement[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as JailStatement;
    const mapped = f(st);
    if (mapped !== st && !out) out = list.slice(0, i);
    out?.push(mapped);
  }
  return out ?? list;
}

function includeOf(st: ParamStatement): IncludeStatement {
  return { type: "Include", paths: st.values, range: st.range };
}
