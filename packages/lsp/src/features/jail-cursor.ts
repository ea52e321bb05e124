/** One token of the statement being written, before the cursor. */
export interface CursorToken {
  readonly kind: "str" | "eq" | "pleq" | "comma";
  readonly start: number;
  readonly end: number;
  readonly raw: string;
}

/** Where the cursor stands in a jail.conf that may be half written (no parse needed: the user is typing). */
export interface JailCursor {
  readonly inComment: boolean;
  /** Full names of the blocks around the cursor, outermost first (`a`, `a.b`). */
  readonly blocks: readonly string[];
  /** The statement's tokens before the string the cursor is in. */
  readonly tokens: readonly CursorToken[];
  /** The string the cursor is in or right behind (no blank between), as written so far. */
  readonly current: { readonly start: number; readonly raw: string; readonly inQuote: '"' | "'" | undefined } | undefined;
}

/** jaillex.l's blanks (space, tab, CR, LF) and unquoted word characters, matched a run at a time. */
const BLANKS = /[ \t\r\n]+/y;
const WORD = /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]+/y;

/**
 * Scans a jail.conf from its start to the cursor the way jail(8)'s lexer reads it (jaillex.l): comments, quoted
 * strings with backslash escapes, `${…}`, adjacent pieces forming one string, and the tokens `; { } = += ,`.
 */
export function jailCursorAt(text: string, offset: number): JailCursor {
  const blocks: string[] = [];
  let tokens: CursorToken[] = [];
  let runStart = -1;
  const endRun = (at: number): void => {
    if (runStart !== -1) tokens.push({ kind: "str", start: runStart, end: at, raw: text.slice(runStart, at) });
    runStart = -1;
  };
  const startRun = (at: number): void => {
    if (runStart === -1) runStart = at;
  };
  const done = (inComment: boolean, inQuote?: '"' | "'"): JailCursor => ({
    inComment,
    blocks,
    tokens,
    current: !inComment && runStart !== -1 ? { start: runStart, raw: text.slice(runStart, offset), inQuote } : undefined,
  });
  let i = 0;
  while (i < offset) {
    const c = text[i] as string;
    const next = text[i + 1];
    BLANKS.lastIndex = i;
    if (BLANKS.test(text)) {
      endRun(i);
      i = BLANKS.lastIndex;
      continue;
    }
    WORD.lastIndex = i;
    if (WORD.test(text)) {
      startRun(i);
      i = Math.min(WORD.lastIndex, offset);
      continue;
    }
    if (c === "#" || (c === "/" && next === "/")) {
      endRun(i);
      const nl = text.indexOf("\n", i);
      if (nl === -1 || nl >= offset) return done(true);
      i = nl;
    } else if (c === "/" && next === "*") {
      endRun(i);
      const close = text.indexOf("*/", i + 2);
      if (close === -1 || close + 2 > offset) return done(true);
      i = close + 2;
    } else if (c === '"' || c === "'") {
      startRun(i);
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      if (j >= offset) return done(false, c);
      i = j + 1;
    } else if (c === ";") {
      endRun(i);
      tokens = [];
      i++;
    } else if (c === "{") {
      endRun(i);
      const name = tokens[tokens.length - 1]?.raw.replace(/^["']|["']$/g, "") ?? "";
      blocks.push(blocks.length > 0 ? `${blocks[blocks.length - 1]}.${name}` : name);
      tokens = [];
      i++;
    } else if (c === "}") {
      endRun(i);
      blocks.pop();
      tokens = [];
      i++;
    } else if (c === "+" && next === "=") {
      endRun(i);
      tokens.push({ kind: "pleq", start: i, end: i + 2, raw: "+=" });
      i += 2;
    } else if (c === "=" || c === ",") {
      endRun(i);
      tokens.push({ kind: c === "=" ? "eq" : "comma", start: i, end: i + 1, raw: c });
      i++;
    } else if (c === "\\") {
      startRun(i);
      i += 2;
    } else if (c === "$" && next === "{") {
      startRun(i);
      const close = text.slice(i, offset).search(/[}\n]/);
      if (close === -1) return done(false);
      i += close + 1;
    } else {
      startRun(i);
      i++;
    }
  }
  return done(false);
}
