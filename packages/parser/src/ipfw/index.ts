import { type IRecognitionException, type IToken, tokenMatcher } from "chevrotain";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import { unexpectedCharMessage } from "../common/unexpected-char.js";
import { lexShCommands, type ShCommand, type ShPiece } from "../rc/lexer.js";
import type { IpfwCommand, IpfwFile } from "./ast.js";
import { theIpfwLexer } from "./lexer.js";
import { actionNeeds, ipfwSays, OPTION_NEEDS } from "./messages.js";
import { parseIpfwCommand } from "./parser.js";
import { IpfwAstBuilder } from "./to-ast.js";
import { ActionArg, Altq, LCurly, NL, RCurly, Tag, To, Untag } from "./tokens.js";

/** `{ a or { b or c } }` nesting the parser reads; ipfw's option blocks are one level deep in practice. */
const MAX_BLOCK_DEPTH = 32;

const HINTS: Record<string, string> = {
  action: "an action (allow, deny, count, skipto, …) is missing",
  body: 'a rule body is "proto from src to dst [options]"',
  protoSpec: 'a rule body starts with a protocol ("ip", "tcp", "{ tcp or udp }")',
  endpoint: "an address (any, me, table(N), 10.0.0.0/8) is missing",
  address: "an address (any, me, table(N), 10.0.0.0/8) is missing",
  ruleOption: "an option is incomplete",
};

const isEof = (tok: IToken): boolean => tok.tokenType.name === "EOF";

/**
 * The message for the first error the parser met in one command: what sbin/ipfw/ipfw2.c compile_rule prints
 * for it where it prints something (errx: "ipfw: …"), else a description of what is missing.
 */
function describe(e: IRecognitionException, line: readonly IToken[]): string {
  const stack = e.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1] ?? "";
  const tok = e.token;
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const eof = isEof(tok);
  // Past the end of a whole command: a word where compile_rule's option loop finds no option.
  if (e.name === "NotAllInputParsedException" || (stack.length === 0 && !eof))
    return ipfwSays(`unrecognised option [-1] ${tok.image}`, "it is no option ipfw(8) lists at this place of a rule");
  const afterTo = line.some((x) => x.tokenType === To && x.startOffset < (eof ? Number.POSITIVE_INFINITY : tok.startOffset));
  switch (rule) {
    case "action":
      if (prev && tokenMatcher(prev, ActionArg)) {
        const k = prev.image;
        if (eof) return ipfwSays(actionNeeds(k), `write the argument after ${k}`);
      }
      if (eof) return ipfwSays("missing action", "an action (allow, deny, count, skipto, …) follows the rule number");
      return ipfwSays(`invalid action ${tok.image}`, "an action is one ipfw(8) RULE ACTIONS lists: allow, deny, count, skipto, …");
    case "addCommand":
      if (prev?.image === "logamount") return ipfwSays("logamount requires argument", "write the number of packets to log");
      if (prev && (prev.tokenType === Tag || prev.tokenType === Untag))
        return ipfwSays(`${prev.image}: missing argument`, `write the tag number after ${prev.image}`);
      if (prev?.tokenType === Altq) return ipfwSays("missing altq queue name", "write the queue after altq");
      break;
    case "body":
      if (e.message.includes("--> K_from <--")) return ipfwSays("missing ``from''", 'after the protocol a rule body is "from src to dst"');
      if (e.message.includes("--> K_to <--"))
        return ipfwSays("missing ``to''", 'after the source a rule body is "to dst": `from any to me`');
      break;
    case "protoSpec":
      if (eof) return ipfwSays("missing protocol", 'a rule body starts with a protocol ("ip", "tcp", "{ tcp or udp }")');
      return ipfwSays(`invalid protocol \`\`${tok.image}''`, "a protocol is a name /etc/protocols gives, or its number");
    case "endpoint":
    case "address":
      if (e.message.includes("--> RCurly <--")) return ipfwSays('missing ")"', "close the address block with `}`");
      if (eof)
        return afterTo
          ? ipfwSays("missing dst address", "write the destination after `to`: any, me, an address or table(N)")
          : ipfwSays("missing source address", "write the source after `from`: any, me, an address or table(N)");
      return ipfwSays(`hostname \`\`${tok.image}'' unknown`, "an address is any, me, an address, a host name or table(N)");
    case "ruleOption":
      if (eof && prev) {
        const need = OPTION_NEEDS[prev.image];
        if (need) return ipfwSays(need, `write the argument after ${prev.image}`);
      }
      break;
  }
  const hint = HINTS[rule];
  const where = eof ? "the command ends too early" : `unexpected "${tok.image}"`;
  return `ipfw: ${where}${hint ? `: ${hint}` : ""}`;
}

/**
 * Parses a file of ipfw commands, one a line, as `ipfw pathname` reads it (ipfw(8): "the commands in pathname
 * are executed"; rc.firewall runs `${fwcmd} ${firewall_flags} ${firewall_type}` for a firewall_type that is a
 * file). `#` starts a comment. Pure: no I/O.
 */
export function parseIpfwFile(text: string): IpfwFile {
  const lexed = theIpfwLexer().tokenize(text);
  const problems: SyntaxProblem[] = [];
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
    problems.push({
      message: unexpectedCharMessage(ch, e.offset, ""),
      range: { start: e.offset, end: e.offset + Math.max(1, e.length) },
      severity: "error",
    });
  }
  const commands: IpfwCommand[] = [];
  const builder = new IpfwAstBuilder();
  let line: IToken[] = [];
  const flush = (): void => {
    if (line.length === 0) return;
    // ipfw's own limit is the rule's size; the recursive parser's is the stack: a line nested deeper is reported.
    let depth = 0;
    let deepest = 0;
    for (const tok of line) {
      if (tok.tokenType === LCurly) deepest = Math.max(deepest, ++depth);
      else if (tok.tokenType === RCurly) depth--;
    }
    if (deepest > MAX_BLOCK_DEPTH) {
      const first = line[0] as IToken;
      problems.push({
        message: `ipfw: \`{ … }\` blocks nested ${deepest} deep; jaillint reads at most ${MAX_BLOCK_DEPTH}, so this command is not read`,
        range: { start: first.startOffset, end: first.startOffset + first.image.length },
        severity: "error",
      });
      line = [];
      return;
    }
    const { cst, errors } = parseIpfwCommand(line);
    if (errors.length > 0) {
      const e = errors[0] as IRecognitionException;
      const tok = e.token.tokenType.name === "EOF" ? (line[line.length - 1] as IToken) : e.token;
      problems.push({
        message: describe(e, line),
        range: { start: tok.startOffset, end: tok.startOffset + tok.image.length },
        severity: "error",
      });
    } else {
      const c = builder.command(cst);
      if (c) commands.push(c);
    }
    line = [];
  };
  for (const tok of lexed.tokens) {
    if (tok.tokenType === NL) flush();
    else line.push(tok);
  }
  flush();
  problems.push(...builder.problems);
  problems.sort((a, b) => a.range.start - b.range.start);
  return { type: "IpfwFile", commands, problems, range: { start: 0, end: text.length } };
}

/** One field of an expanded command word, and where it came from. */
interface Field {
  readonly text: string;
  readonly range: TextRange;
  /** The field is the source text itself, character for character: offsets inside it map one to one. */
  readonly exact: boolean;
}

/** An `ipfw pathname` command in a script: the file of commands ipfw reads. */
export interface IpfwScriptInclude {
  readonly path: string;
  readonly range: TextRange;
}

export interface IpfwScript extends IpfwFile {
  readonly includes: readonly IpfwScriptInclude[];
}

/** Function calls nested deeper than this (a function that calls itself) are not followed further. */
const MAX_CALL_DEPTH = 32;

/**
 * Reads the ipfw commands of an sh script (rc.d/ipfw runs `firewall_script` with /bin/sh) in the order sh runs
 * them: each simple command whose program is ipfw (`ipfw`, `/sbin/ipfw`, or a variable such as `$fwcmd` holding
 * it) becomes the command it runs, its words expanded as sh expands them: variables from earlier assignments in
 * the script (and from `env`, rc.conf's when the script reads it), unquoted expansions split at blanks. A
 * function `name() { … }` (sh(1) "Functions") runs its body where it is called, with `$1`… set to the call's
 * words: a function never called adds nothing, one called twice adds its rules twice, a call before the
 * definition runs nothing (sh: "not found"). A function named `ipfw` (a wrapper passing "$@" on) is not
 * followed: its calls read as the ipfw commands they are. Ranges point into the script: at the word itself, or
 * at the whole `$variable` that produced it; a rule from a function body points into the body. Not followed:
 * `if`, `case` and loops, whose commands are read once, as if they ran once (a call under them included), and
 * command substitutions, whose ipfw commands are left out with a note.
 */
export function parseIpfwScript(text: string, env: ReadonlyMap<string, string> = new Map()): IpfwScript {
  const vars = new Map(env);
  const problems: SyntaxProblem[] = [];
  const includes: IpfwScriptInclude[] = [];
  const parts: string[] = [];
  let length = 0;
  const segments: { v: number; field: Field }[] = [];
  const commands = lexShCommands(text);
  /** Each definition's body, by its id. */
  const bodies = new Map<number, ShCommand[]>();
  for (const cmd of commands) if (cmd.inFunction !== undefined) bodies.get(cmd.inFunction)?.push(cmd) ?? bodies.set(cmd.inFunction, [cmd]);
  /** Functions defined so far, by name: the id of the definition that ran last. */
  const functions = new Map<string, number>();
  const run = (list: readonly ShCommand[], depth: number): void => {
    for (const cmd of list) {
      if (cmd.defines) {
        functions.set(cmd.defines.name, cmd.defines.id);
        continue;
      }
      runCommand(cmd, depth);
    }
  };
  const runCommand = (cmd: ShCommand, depth: number): void => {
    const words = cmd.words;
    // Assignments alone set variables for the rest of the script; before a command, for that command only.
    let i = 0;
    while (i < words.length && words[i]?.assign) i++;
    if (i === words.length) {
      for (const w of words) {
        const a = w.assign;
        if (!a) continue;
        const fields = expand(
          a.value.pieces.map((p) => ({ ...p, quoted: true })),
          w.range,
          vars,
        );
        if (fields === undefined) vars.delete(a.name);
        else vars.set(a.name, fields.map((f) => f.text).join(""));
      }
      return;
    }
    const fields: Field[] = [];
    let unknown = false;
    for (const w of words.slice(i)) {
      const f = expand(w.pieces, w.range, vars);
      if (f === undefined) unknown = true;
      else fields.push(...f);
    }
    const program = fields[0];
    if (!program) return;
    const fn = functions.get(program.text);
    if (fn !== undefined && program.text !== "ipfw" && !unknown) {
      if (depth >= MAX_CALL_DEPTH) {
        problems.push({
          message: `function calls nest ${MAX_CALL_DEPTH} deep here (a function calling itself?): jaillint follows them no deeper, so the rules past this call are not read`,
          range: cmd.range,
          severity: "note",
        });
        return;
      }
      // sh(1): the positional parameters are the call's words while the body runs.
      const saved = new Map([...vars].filter(([k]) => /^\d+$/.test(k)));
      for (const k of [...vars.keys()]) if (/^\d+$/.test(k) && k !== "0") vars.delete(k);
      fields.slice(1).forEach((f, k) => {
        vars.set(String(k + 1), f.text);
      });
      run(bodies.get(fn) ?? [], depth + 1);
      for (const k of [...vars.keys()]) if (/^\d+$/.test(k) && k !== "0") vars.delete(k);
      for (const [k, v] of saved) vars.set(k, v);
      return;
    }
    if (!/(^|\/)ipfw$/.test(program.text)) return;
    if (unknown) {
      problems.push({
        message: "this ipfw command runs a command substitution: jaillint does not run it, so the command is not read",
        range: cmd.range,
        severity: "note",
      });
      return;
    }
    let args = fields.slice(1);
    while (args[0] && /^-[A-Za-z]+$/.test(args[0].text)) args = args.slice(1);
    const first = args[0];
    if (!first) return;
    if (first.text.startsWith("/") && args.length === 1) {
      includes.push({ path: first.text, range: first.range });
      return;
    }
    // Built as parts: testing the end of a growing string would flatten it on every command.
    args.forEach((f, k) => {
      if (k > 0) {
        parts.push(" ");
        length++;
      }
      segments.push({ v: length, field: f });
      parts.push(f.text);
      length += f.text.length;
    });
    parts.push("\n");
    length++;
  };
  run(
    commands.filter((c) => c.inFunction === undefined),
    0,
  );
  const parsed = parseIpfwFile(parts.join(""));
  const map = mapper(segments);
  const remap = <T>(x: T): T => remapRanges(x, map);
  return {
    type: "IpfwFile",
    commands: parsed.commands.map(remap),
    // A function called twice gives its body's problems twice, at the same place: reported once.
    problems: [
      ...new Map([...problems, ...parsed.problems.map(remap)].map((p) => [`${p.range.start}:${p.range.end}:${p.message}`, p])).values(),
    ].sort((a, b) => a.range.start - b.range.start),
    includes,
    range: { start: 0, end: text.length },
  };
}

/** A word's fields, or undefined when it holds a command substitution. */
function expand(pieces: readonly ShPiece[], wordRange: TextRange, vars: ReadonlyMap<string, string>): Field[] | undefined {
  const out: Field[] = [];
  let text = "";
  let started = false;
  let exact = true;
  let start = wordRange.start;
  const push = (): void => {
    if (started) out.push({ text, range: exact ? { start, end: start + text.length } : wordRange, exact });
    text = "";
    started = false;
    exact = true;
  };
  for (const p of pieces) {
    if (p.kind === "command") return undefined;
    if (p.kind === "literal") {
      if (!started) start = p.range.start;
      // A quoted or escaped literal is shorter than its source: it still names the word, not each character.
      if (p.text.length !== p.range.end - p.range.start || (started && start + text.length !== p.range.start)) exact = false;
      text += p.text;
      started = true;
      continue;
    }
    const value = reference(p, vars);
    if (value === undefined) return undefined;
    exact = false;
    if (p.quoted) {
      text += value;
      started = true;
      continue;
    }
    // sh(1) "Field Splitting": an unquoted expansion is split at blanks (IFS is space, tab, newline by default).
    const parts = value.split(/[ \t\n]+/);
    parts.forEach((part, k) => {
      if (k > 0) push();
      if (part !== "" || k === 0) {
        text += part;
        if (part !== "") started = true;
      }
    });
  }
  push();
  return out.map((f) => (f.exact ? f : { ...f, range: wordRange }));
}

function reference(p: Extract<ShPiece, { kind: "reference" }>, vars: ReadonlyMap<string, string>): string | undefined {
  const v = vars.get(p.name);
  const word = (): string | undefined => {
    let s = "";
    for (const w of p.word ?? []) {
      if (w.kind === "command") return undefined;
      if (w.kind === "literal") s += w.text;
      else {
        const x = reference({ ...w, quoted: true }, vars);
        if (x === undefined) return undefined;
        s += x;
      }
    }
    return s;
  };
  switch (p.operator) {
    case undefined:
      return v ?? "";
    case ":-":
      return v === undefined || v === "" ? word() : v;
    case "-":
      return v === undefined ? word() : v;
    case ":+":
      return v === undefined || v === "" ? "" : word();
    case "+":
      return v === undefined ? "" : word();
    default:
      return v ?? "";
  }
}

type Mapper = (range: TextRange) => TextRange;

function mapper(segments: readonly { v: number; field: Field }[]): Mapper {
  const at = (v: number): { v: number; field: Field } | undefined => {
    let lo = 0;
    let hi = segments.length - 1;
    let found: { v: number; field: Field } | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segments[mid] as { v: number; field: Field };
      if (s.v <= v) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return (r) => {
    const a = at(r.start);
    const b = at(Math.max(r.start, r.end - 1));
    if (!a || !b) return r;
    const start = a.field.exact ? a.field.range.start + Math.min(r.start - a.v, a.field.text.length) : a.field.range.start;
    const end = b.field.exact ? b.field.range.start + Math.min(r.end - b.v, b.field.text.length) : b.field.range.end;
    return { start, end: Math.max(start, end) };
  };
}

function remapRanges<T>(x: T, map: Mapper): T {
  if (Array.isArray(x)) return x.map((e) => remapRanges(e, map)) as T;
  if (x === null || typeof x !== "object") return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (k === "range" && v && typeof v === "object" && "start" in v) out[k] = map(v as TextRange);
    else out[k] = remapRanges(v, map);
  }
  return out as T;
}

export type * from "./ast.js";
export * from "./policy.js";
export * from "./rc-firewall.js";
