import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_SEED } from "../../../../test/support/grammar-properties.js";
import { parseWellFormedJailConf } from "./direct.js";
import { parseJailConf, parseJailConfByChevrotain } from "./parse.js";
import { jailConfParser } from "./parser.js";

// The direct reader (direct.ts) must give exactly what the Chevrotain lexer and parser give, and give up on
// every file they find an error in: both readers on the same texts, compared as JSON (key order included).

const fixtures = join(import.meta.dirname, "../../../../fixtures");

function* files(dir: string): Generator<string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.conf$|jail\.conf/.test(f) && !f.endsWith(".json")) yield p;
  }
}

const same = (text: string): void => {
  for (const freebsd of [13, 15] as const) {
    const direct = parseJailConf(text, { freebsd });
    const chevrotain = parseJailConfByChevrotain(text, { freebsd });
    expect(JSON.stringify(direct)).toBe(JSON.stringify(chevrotain));
    // A file the Chevrotain way finds nothing wrong with is one the direct reader reads.
    if (chevrotain.problems.length === 0) expect(parseWellFormedJailConf(text, freebsd)).toBeDefined();
  }
};

// Well-formed jail.conf built from every kind of piece; neighbouring pieces may fuse into other tokens (`/` and
// `*` into a comment), which is the point: the readers must still agree.
const piece = fc.oneof(
  fc.constantFrom("www", "path", "ip4.addr", "exec.start", "a-b_c:1", "10.0.0.1/24", "lo1|127.0.1.1", "()<>?@[]^`|~!%&"),
  fc.constantFrom("*", "+", "/", "$", "\\", "\\n", "\\x41", "\\x4g", "\\101", "\\0", "\\\n", "\\é", "\\\u{1f600}", "\\\ud83d", "\\\\"),
  fc.constantFrom("$name", "$_x9", "${name}", "${a b}", "${\\x41}", "${}"),
  fc
    .array(fc.constantFrom("a", " ", "$x", "${y}", "${y", "$", "$1", '\\"', "\\\\", "\\", "\n", "é", "\u{1f600}", "'", "\\101", "\\x4"), {
      maxLength: 6,
    })
    .map((parts) => {
      const inner = parts.join("");
      return `"${inner.endsWith("\\") && !inner.endsWith("\\\\") ? `${inner}\\` : inner}"`;
    }),
  fc.array(fc.constantFrom("a", " ", "$x", '"', "\\'", "\\n", "\n", "é"), { maxLength: 5 }).map((parts) => `'${parts.join("")}'`),
);
const str = fc.array(piece, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(""));
const gap = fc.constantFrom(" ", "\n", "\t", "\r\n", "  ", " # note\n", " // note\n", " /* a\nb */ ", "/**/", "");
const param = fc
  .tuple(str, fc.constantFrom("", " = ", "=", " += ", "+=", " "), fc.array(str, { minLength: 1, maxLength: 3 }), gap)
  .map(([name, op, values, g]) => (op === "" ? `${name}${g};` : `${name}${op}${values.join(`${g},${g}`)}${g};`));
const conf: fc.Arbitrary<string> = fc.letrec<{ statements: string }>((tie) => ({
  statements: fc
    .array(
      fc.oneof(
        { arbitrary: param, weight: 5 },
        { arbitrary: fc.constant(";"), weight: 1 },
        { arbitrary: fc.tuple(str, gap, tie("statements")).map(([name, g, body]) => `${name}${g}{${g}${body}${g}}`), weight: 2 },
      ),
      { maxLength: 5 },
    )
    .chain((sts) => gap.map((g) => sts.join(`${g}\n`))),
})).statements;

/** A well-formed file with one fragment put somewhere: mostly an error the direct reader has to give up on. */
const broken = fc
  .tuple(
    conf,
    fc.constantFrom("{", "}", ";", "=", "+=", ",", '"', "'", "${", "/*", "\0", "é", "\ufeff", "\u00a0", "\v", "\ud83d", "a {".repeat(101)),
    fc.nat(),
  )
  .map(([text, frag, at]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + frag + text.slice(i);
  });

describe("the direct jail.conf reader", () => {
  it("reads generated well-formed files exactly as the Chevrotain lexer and parser do", () => {
    let accepted = 0;
    fc.assert(
      fc.property(conf, (text) => {
        same(text);
        if (parseWellFormedJailConf(text, 15)) accepted++;
      }),
      { seed: FUZZ_SEED, numRuns: 800 },
    );
    // The generator exercises the direct reader, not only its giving up.
    expect(accepted).toBeGreaterThan(500);
  });

  it("gives up on the same files the Chevrotain way finds errors in", () => {
    fc.assert(fc.property(broken, same), { seed: FUZZ_SEED, numRuns: 800 });
  });

  it("agrees on every fixture and reads each well-formed one itself", () => {
    let read = 0;
    for (const file of files(fixtures)) {
      const text = readFileSync(file, "utf8");
      same(text);
      if (parseWellFormedJailConf(text, 15)) read++;
    }
    expect(read).toBeGreaterThan(40);
  });

  it("reads what the AST builder reports on (names of several pieces, nested blocks, .include before 14.0)", () => {
    const text = '"a"b { x.* = 1; $v = 2; "$q" = 3; inner { .include "/etc/j.conf"; } }\n.include "$x";\r\n';
    expect(parseWellFormedJailConf(text, 13)).toBeDefined();
    expect(parseJailConf(text, { freebsd: 13 }).problems.map((p) => p.message)).toEqual([
      'a jail name must be a single word, but "ab" is read as 2 pieces: put it in quotes without variables',
      'a parameter name must be a single word, but "x.*" is read as 2 pieces: put it in quotes without variables',
      'a parameter name must be a single word, but "${q}" is read as text with a variable: put it in quotes without variables',
      'nested jail block "inner": FreeBSD 13 accepts nested blocks only from 14.0; write it as a top-level block named "ab.inner"',
      "`.include` needs FreeBSD 14.0 or later; FreeBSD 13's jail(8) reads it as an unknown parameter",
      "`.include` needs FreeBSD 14.0 or later; FreeBSD 13's jail(8) reads it as an unknown parameter",
      "carriage return (CRLF line endings): FreeBSD 13's jail(8) rejects '\\r'; convert the file to LF line endings",
    ]);
    same(text);
  });
});

/** Every object reachable from `root`, with the path it was reached by. */
function* graph(root: unknown): Generator<[string, object]> {
  const seen = new Set<object>();
  const stack: [string, unknown][] = [["file", root]];
  while (stack.length > 0) {
    const [path, v] = stack.pop() as [string, unknown];
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    yield [path, v];
    for (const [k, child] of Object.entries(v)) stack.push([`${path}.${k}`, child]);
  }
}

describe("what parseJailConf keeps", () => {
  // A well-formed file (the direct reader) and one with errors (the Chevrotain lexer, parser and CST).
  const texts = ['www { path = "/j/$name"; ip4.addr = a, b; } # c\n', "www { path = /j/$name ip4.addr = ; } }\n/* x"];

  it("returns plain data: no Chevrotain token, CST node or other class instance anywhere in the result", () => {
    for (const text of texts) {
      const file = parseJailConf(text);
      let objects = 0;
      for (const [path, o] of graph(file)) {
        objects++;
        expect([Object.prototype, Array.prototype], path).toContain(Object.getPrototypeOf(o));
        for (const key of ["tokenType", "image", "startOffset", "children", "payload"]) expect(o, path).not.toHaveProperty(key);
      }
      expect(objects).toBeGreaterThan(10);
    }
  });

  it("leaves no tokens of the last file in the shared Chevrotain parser", () => {
    const file = parseJailConf(texts[1] as string);
    expect(file.problems.length).toBeGreaterThan(0);
    expect(jailConfParser().input).toEqual([]);
    expect(jailConfParser().errors).toEqual([]);
  });
});
