import { describe, expect, it } from "vitest";
import type { RcAssignment, RcStatement, RcValuePiece } from "./ast.js";
import { parseRcConf } from "./index.js";

function assignments(text: string): RcAssignment[] {
  const file = parseRcConf(text);
  return file.statements.flatMap((s: RcStatement) => (s.type === "Assignment" ? [s] : s.type === "Export" ? [...s.assignments] : []));
}

/** The value as text, references shown as `${name}`, commands as they are written. */
function show(pieces: readonly RcValuePiece[]): string {
  return pieces.map((p) => (p.kind === "literal" ? p.text : p.kind === "command" ? p.text : `\${${p.name}}`)).join("");
}

describe("parseRcConf: assignments and quoting", () => {
  const cases: [
    string,
    string,
    { name: string; value: string; quoted: boolean; range: [number, number]; valueRange: [number, number] }[],
  ][] = [
    ["unquoted", "a=b", [{ name: "a", value: "b", quoted: false, range: [0, 3], valueRange: [2, 3] }]],
    ["double-quoted", 'a="b c"', [{ name: "a", value: "b c", quoted: true, range: [0, 7], valueRange: [2, 7] }]],
    ["single-quoted is literal", "a='$b \\n'", [{ name: "a", value: "$b \\n", quoted: true, range: [0, 9], valueRange: [2, 9] }]],
    ["double-quote escapes", 'a="\\"\\\\\\$\\`\\x"', [{ name: "a", value: '"\\$`\\x', quoted: true, range: [0, 14], valueRange: [2, 14] }]],
    ["unquoted escapes", "a=b\\ c\\$", [{ name: "a", value: "b c$", quoted: false, range: [0, 8], valueRange: [2, 8] }]],
    ["adjacent pieces concatenate", "a=\"x\"'y'z", [{ name: "a", value: "xyz", quoted: true, range: [0, 9], valueRange: [2, 9] }]],
    ["empty unquoted", "x=", [{ name: "x", value: "", quoted: false, range: [0, 2], valueRange: [2, 2] }]],
    ["empty quoted", 'x=""', [{ name: "x", value: "", quoted: true, range: [0, 4], valueRange: [2, 4] }]],
    ["continuation inside quotes", 'a="b\\\nc"', [{ name: "a", value: "bc", quoted: true, range: [0, 8], valueRange: [2, 8] }]],
    ["continuation joins an unquoted word", "a=b\\\nc", [{ name: "a", value: "bc", quoted: false, range: [0, 6], valueRange: [2, 6] }]],
    ["newline inside double quotes is kept", 'a="b\nc"', [{ name: "a", value: "b\nc", quoted: true, range: [0, 7], valueRange: [2, 7] }]],
    ["a # inside a word is not a comment", "a=b#c", [{ name: "a", value: "b#c", quoted: false, range: [0, 5], valueRange: [2, 5] }]],
    ["a comment after a value", 'a="b" # c', [{ name: "a", value: "b", quoted: true, range: [0, 5], valueRange: [2, 5] }]],
    [
      "several on one line",
      "a=1 b=2",
      [
        { name: "a", value: "1", quoted: false, range: [0, 3], valueRange: [2, 3] },
        { name: "b", value: "2", quoted: false, range: [4, 7], valueRange: [6, 7] },
      ],
    ],
    [
      "separated by ;",
      "a=1; b=2",
      [
        { name: "a", value: "1", quoted: false, range: [0, 3], valueRange: [2, 3] },
        { name: "b", value: "2", quoted: false, range: [5, 8], valueRange: [7, 8] },
      ],
    ],
    [
      "continuation between assignments",
      "a=1 \\\n  b=2",
      [
        { name: "a", value: "1", quoted: false, range: [0, 3], valueRange: [2, 3] },
        { name: "b", value: "2", quoted: false, range: [8, 11], valueRange: [10, 11] },
      ],
    ],
    [
      "references",
      'jail_list="$list www"',
      [{ name: "jail_list", value: "${list} www", quoted: true, range: [0, 21], valueRange: [10, 21] }],
    ],
    ["braced reference", "a=${b}c", [{ name: "a", value: "${b}c", quoted: false, range: [0, 7], valueRange: [2, 7] }]],
    ["export", "export a=1", [{ name: "a", value: "1", quoted: false, range: [7, 10], valueRange: [9, 10] }]],
  ];
  for (const [title, text, expected] of cases) {
    it(title, () => {
      const file = parseRcConf(text);
      expect(file.problems).toEqual([]);
      expect(
        assignments(text).map((a) => ({
          name: a.name,
          value: show(a.value.pieces),
          quoted: a.value.quoted,
          range: [a.range.start, a.range.end],
          valueRange: [a.value.range.start, a.value.range.end],
        })),
      ).toEqual(expected);
    });
  }

  it("records reference pieces with exact ranges", () => {
    const [a] = assignments('jail_list="$list www ${x:-def}"');
    expect(a?.value.pieces).toEqual([
      { kind: "reference", name: "list", braced: false, range: { start: 11, end: 16 } },
      { kind: "literal", text: " www ", range: { start: 16, end: 21 } },
      {
        kind: "reference",
        name: "x",
        braced: true,
        operator: ":-",
        word: [{ kind: "literal", text: "def", range: { start: 26, end: 29 } }],
        range: { start: 21, end: 30 },
      },
    ]);
  });

  it("keeps ${#x} and ${x%suffix} as references with their operator", () => {
    const [a, b] = assignments("a=${#x} b=${x%.conf}");
    expect(a?.value.pieces[0]).toMatchObject({ kind: "reference", name: "x", operator: "length" });
    expect(b?.value.pieces[0]).toMatchObject({ kind: "reference", name: "x", operator: "%" });
  });

  it("reads export and readonly without values", () => {
    const file = parseRcConf("export a b=2\nreadonly c");
    expect(file.problems).toEqual([]);
    expect(file.statements).toEqual([
      {
        type: "Export",
        keyword: "export",
        assignments: [
          {
            type: "Assignment",
            name: "b",
            nameRange: { start: 9, end: 10 },
            value: {
              pieces: [{ kind: "literal", text: "2", range: { start: 11, end: 12 } }],
              quoted: false,
              range: { start: 11, end: 12 },
            },
            modifier: "export",
            range: { start: 9, end: 12 },
          },
        ],
        names: [{ name: "a", range: { start: 7, end: 8 } }],
        range: { start: 0, end: 12 },
      },
      {
        type: "Export",
        keyword: "readonly",
        assignments: [],
        names: [{ name: "c", range: { start: 22, end: 23 } }],
        range: { start: 13, end: 23 },
      },
    ]);
  });

  it("records comments and skips blank lines", () => {
    const file = parseRcConf("# top\n\n  \na=1 # x\n");
    expect(file.comments).toEqual([
      { text: "# top", range: { start: 0, end: 5 } },
      { text: "# x", range: { start: 14, end: 17 } },
    ]);
    expect(file.statements).toHaveLength(1);
  });
});

describe("parseRcConf: opaque statements", () => {
  const prefix = "not evaluated: jaillint reads only plain assignments; ";
  const cases: [string, string, { kind: string; range: [number, number]; message: string; names?: string[] }][] = [
    [
      "if … fi",
      'a=1\nif [ -f /x ]; then\n  b=2\nelse\n  c="fi"\nfi\nd=4\n',
      {
        kind: "if",
        range: [4, 45],
        message: `${prefix}this \`if … fi\` block is skipped (the assignments to \`b\`, \`c\` inside it are not applied)`,
        names: ["b", "c"],
      },
    ],
    [
      "nested if inside case",
      'a=1\ncase "$x" in\n  a) if true; then y=1; fi ;;\n  *) ;;\nesac\nd=4\n',
      {
        kind: "case",
        range: [4, 59],
        message: `${prefix}this \`case … esac\` block is skipped (the assignments to \`y\` inside it are not applied)`,
        names: ["y"],
      },
    ],
    [
      "function definition",
      "a=1\nf() {\n  echo }\n}\nd=4\n",
      { kind: "function", range: [4, 20], message: `${prefix}the function definition \`f()\` is skipped` },
    ],
    [
      "a command",
      "a=1\n. /etc/foo.conf\nd=4\n",
      { kind: "command", range: [4, 19], message: `${prefix}the command \`. /etc/foo.conf\` is skipped` },
    ],
    [
      "a command chain over a newline",
      "a=1\n[ -f /x ] &&\n  . /x\nd=4\n",
      { kind: "command", range: [4, 23], message: `${prefix}the command \`[ -f /x ] &&\` is skipped` },
    ],
    [
      "for loop",
      "a=1\nfor i in 1 2; do echo $i; done\nd=4\n",
      { kind: "for", range: [4, 34], message: `${prefix}this \`for … done\` loop is skipped` },
    ],
    [
      "command substitution in a value",
      "a=1\nb=$(hostname -s)\nd=4\n",
      {
        kind: "substitution",
        range: [4, 20],
        message: `${prefix}the value of \`b\` comes from a command substitution, so its value is unknown`,
        names: ["b"],
      },
    ],
    [
      "backquotes in a value",
      'a=1\nb="`hostname`.x"\nd=4\n',
      {
        kind: "substitution",
        range: [4, 20],
        message: `${prefix}the value of \`b\` comes from a command substitution, so its value is unknown`,
        names: ["b"],
      },
    ],
    [
      "an assignment before a command only sets its environment",
      "a=1\nb=2 echo x\nd=4\n",
      {
        kind: "command",
        range: [4, 14],
        message: `${prefix}the command \`b=2 echo x\` is skipped (the assignments to \`b\` inside it are not applied)`,
        names: ["b"],
      },
    ],
    [
      "nested brace groups",
      "a=1\n{ { x=1; } }\nd=4\n",
      {
        kind: "group",
        range: [4, 16],
        message: `${prefix}this \`{ … }\` group is skipped (the assignments to \`x\` inside it are not applied)`,
        names: ["x"],
      },
    ],
    [
      "brace groups nested over lines, with a literal } argument",
      "a=1\n{\n  {\n    echo }\n    y=2\n  }\n  z=3\n}\nd=4\n",
      {
        kind: "group",
        range: [4, 40],
        message: `${prefix}this \`{ … }\` group is skipped (the assignments to \`y\`, \`z\` inside it are not applied)`,
        names: ["y", "z"],
      },
    ],
    [
      "a closer right after a closer",
      "a=1\nif a; then if b; then c=1; fi fi\nd=4\n",
      {
        kind: "if",
        range: [4, 36],
        message: `${prefix}this \`if … fi\` block is skipped (the assignments to \`c\` inside it are not applied)`,
        names: ["c"],
      },
    ],
  ];
  for (const [title, text, want] of cases) {
    it(title, () => {
      const file = parseRcConf(text);
      const opaque = file.statements.filter((s) => s.type === "Opaque");
      expect(opaque).toEqual([
        { type: "Opaque", kind: want.kind, assignedNames: want.names ?? [], range: { start: want.range[0], end: want.range[1] } },
      ]);
      expect(file.problems).toEqual([{ message: want.message, range: { start: want.range[0], end: want.range[1] }, severity: "note" }]);
      expect(assignments(text).map((a) => a.name)).toEqual(["a", "d"]);
    });
  }

  it("a brace group left open inside another still runs to the end of the file", () => {
    const file = parseRcConf("{ { x=1; }\n");
    expect(file.problems).toEqual([
      {
        message: `${prefix}this \`{ … }\` group is skipped (the assignments to \`x\` inside it are not applied). It runs to the end of the file: its closing \`}\` is missing`,
        range: { start: 0, end: 10 },
        severity: "note",
      },
    ]);
  });

  it("an unclosed if runs to the end of the file, as a note", () => {
    const file = parseRcConf("if true; then\na=1\n");
    expect(file.problems).toEqual([
      {
        message: `${prefix}this \`if … fi\` block is skipped (the assignments to \`a\` inside it are not applied). It runs to the end of the file: its closing \`fi\` is missing`,
        range: { start: 0, end: 17 },
        severity: "note",
      },
    ]);
  });
});

describe("parseRcConf: errors and recovery", () => {
  it("reports an unterminated double quote and reads the lines after it", () => {
    const file = parseRcConf('a=1\nb="open\nc=3\n');
    expect(file.problems).toEqual([
      { message: 'unterminated string: the " quote is never closed', range: { start: 6, end: 7 }, severity: "error" },
    ]);
    expect(assignments('a=1\nb="open\nc=3\n').map((a) => a.name)).toEqual(["a", "c"]);
  });

  it("reports an unterminated single quote and ${", () => {
    expect(parseRcConf("a='x\nb=2").problems).toEqual([
      { message: "unterminated string: the ' quote is never closed", range: { start: 2, end: 3 }, severity: "error" },
    ]);
    expect(parseRcConf("a=${x\nb=2").problems).toEqual([
      { message: "unterminated `${`: the variable reference is never closed with `}`", range: { start: 2, end: 3 }, severity: "error" },
    ]);
    expect(assignments("a=${x\nb=2").map((a) => a.name)).toEqual(["b"]);
  });

  it("reports a carriage return once per file, at the first outside a comment", () => {
    const message =
      'carriage return (CRLF line endings): sh(1) keeps the \\r as part of the value, so pf_enable="YES" reads as "YES\\r", which rc.subr\'s checkyesno rejects, and the service does not start; convert the file to LF line endings';
    const text = '# note\r\npf_enable="YES"\r\njail_enable="YES"\r\n';
    expect(parseRcConf(text).problems).toEqual([{ message, range: { start: 23, end: 24 }, severity: "error", lineEndings: true }]);
    // The values are still read without the CR, so this one finding is all a CRLF file gets.
    expect(assignments("a=1\r\nb=2\r\n").map((a) => [a.name, show(a.value.pieces), a.range.start, a.range.end])).toEqual([
      ["a", "1", 0, 3],
      ["b", "2", 5, 8],
    ]);
    // A lone CR is no line break to sh either: `a=1\rb=2` assigns "1\rb=2" to a.
    expect(parseRcConf("a=1\rb=2\n").problems).toEqual([{ message, range: { start: 3, end: 4 }, severity: "error", lineEndings: true }]);
    // In a comment it is harmless.
    expect(parseRcConf('# note\r\npf_enable="YES"\n').problems).toEqual([]);
  });

  it("never throws on arbitrary shell", () => {
    const text = 'case x in (a) ;; esac\n)\n}\nfi\n&& ||\nwhile :; do :; done < /dev/null\n$(\n"';
    expect(() => parseRcConf(text)).not.toThrow();
  });
});

describe("what parseRcConf keeps", () => {
  it("returns plain data: no Chevrotain token or other class instance anywhere in the result", () => {
    const file = parseRcConf('a="x $b ${c:-d}" e=1\nexport f g=2\nif true; then h=3; fi\n# note\nk="unterminated\n');
    const seen = new Set<object>();
    const stack: [string, unknown][] = [["file", file]];
    while (stack.length > 0) {
      const [path, v] = stack.pop() as [string, unknown];
      if (v === null || typeof v !== "object" || seen.has(v)) continue;
      seen.add(v);
      expect([Object.prototype, Array.prototype], path).toContain(Object.getPrototypeOf(v));
      for (const key of ["tokenType", "image", "startOffset", "payload"]) expect(v, path).not.toHaveProperty(key);
      for (const [k, child] of Object.entries(v)) stack.push([`${path}.${k}`, child]);
    }
    expect(seen.size).toBeGreaterThan(30);
    expect(file.statements.map((s) => s.type)).toEqual(["Assignment", "Assignment", "Export", "Opaque"]);
  });
});
