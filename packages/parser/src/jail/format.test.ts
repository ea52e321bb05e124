import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corpusFiles, haveCorpus, realManifest, repoRoot } from "../../../../test/support/corpus.js";
import { expectGolden } from "../../../../test/support/golden.js";
import { MemoryHost } from "../common/memory-host.js";
import { formatJailConf, type JailFormatOptions } from "./format.js";
import { parseJailConf } from "./index.js";
import { resolveJailConf } from "./resolve.js";

const fmt = (text: string, options: JailFormatOptions = {}): string => {
  const r = formatJailConf(text, options);
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.text;
};

describe("formatJailConf layout", () => {
  it("writes one statement per line, blocks indented, single spaces around operators", () => {
    expect(fmt('exec.clean;path="/j/$name";www{ip4.addr="lo1|127.0.1.1",  "lo1|127.0.1.2";persist ;}')).toBe(
      'exec.clean;\npath = "/j/$name";\nwww {\n    ip4.addr = "lo1|127.0.1.1", "lo1|127.0.1.2";\n    persist;\n}\n',
    );
  });

  it("keeps `+=`, the name-value form and `.include` as written", () => {
    expect(fmt('exec.start+="a";\nhost.hostname   x;\n.include   "/etc/jail.conf.d/*.conf" ;\n')).toBe(
      'exec.start += "a";\nhost.hostname x;\n.include "/etc/jail.conf.d/*.conf";\n',
    );
  });

  it("nests blocks one level deeper each, and writes an empty block as `name {}`", () => {
    expect(fmt("a { b { c { persist; } } d {} }")).toBe("a {\n    b {\n        c {\n            persist;\n        }\n    }\n    d {}\n}\n");
  });

  it("indents with the given unit", () => {
    expect(fmt("a { b; }", { indent: "\t" })).toBe("a {\n\tb;\n}\n");
    expect(fmt("a { b; }", { indent: 2 })).toBe("a {\n  b;\n}\n");
  });

  it("keeps one blank line where the original had one or more, none at a block's edges", () => {
    expect(fmt("\n\na;\n\n\n\nb;\nc;\nw {\n\n  d;\n\n  e;\n\n}\n\n\n")).toBe("a;\n\nb;\nc;\nw {\n    d;\n\n    e;\n}\n");
  });

  it("drops empty statements", () => {
    expect(fmt(";;a;;\nw { ;b; };\n")).toBe("a;\nw {\n    b;\n}\n");
  });

  it("keeps comments on their own line and behind the token they follow", () => {
    const text = [
      "# header",
      "a = 1;   # trailing",
      "  /* block */",
      "w {  // after brace",
      "    # inside",
      "  b;",
      "}  # after close",
      "",
    ].join("\n");
    expect(fmt(text)).toBe(
      ["# header", "a = 1; # trailing", "/* block */", "w { // after brace", "    # inside", "    b;", "} # after close", ""].join("\n"),
    );
  });

  it("moves a comment written inside a statement behind its `;`", () => {
    expect(fmt("a = # why\n  1;\nb /* x */ = 2 /* y */ ;\n")).toBe("a = 1; # why\nb = 2; /* x */ /* y */\n");
  });

  it("writes what follows a line comment on a line of its own", () => {
    expect(fmt("a = # one\n 1 # two\n;\n")).toBe("a = 1; # one\n# two\n");
  });

  it("breaks a long list one value per line, under its first value", () => {
    const long = `exec.start = "${"x".repeat(50)}", "${"y".repeat(50)}";`;
    expect(fmt(`w { ${long} }`)).toBe(`w {\n    exec.start = "${"x".repeat(50)}",\n                 "${"y".repeat(50)}";\n}\n`);
    expect(fmt(`w { ${long} }`, { lineWidth: 200 })).toBe(`w {\n    ${long}\n}\n`);
  });

  it("keeps comments between the values of a list, which then goes one value per line", () => {
    expect(fmt('mount = "a", # first\n  # second\n  "b", "c";\n')).toBe(
      'mount = "a", # first\n        # second\n        "b",\n        "c";\n',
    );
  });

  it("lines up `=` and `+=` per run when asked, a blank line or a block ending the run", () => {
    const text = "a = 1;\nlong.name += 2;\nbare;\nbb = 3;\n\nc = 4;\nw { x = 1; yyy = 2; }\nz = 5;\n";
    expect(fmt(text, { alignEquals: true })).toBe(
      "a          = 1;\nlong.name += 2;\nbare;\nbb         = 3;\n\nc = 4;\nw {\n    x   = 1;\n    yyy = 2;\n}\nz = 5;\n",
    );
  });

  it("leaves quoted and escaped text exactly as written", () => {
    const text = "a = 'it''s', \"multi\nline\", x\\ y, \"${host.hostname}\";\n";
    expect(fmt(text)).toBe(text);
  });

  it("keeps CRLF line endings and strips the CR from line comments", () => {
    expect(fmt("a;  # c\r\nw {\r\nb;\r\n}\r\n")).toBe("a; # c\r\nw {\r\n    b;\r\n}\r\n");
  });

  it("formats an empty file and a file of comments", () => {
    expect(fmt("")).toBe("");
    expect(fmt("  \n\n")).toBe("");
    expect(fmt("# only\n\n\n// comments\n")).toBe("# only\n\n// comments\n");
  });
});

describe("formatJailConf refuses", () => {
  it("a file with a syntax error, naming the first one", () => {
    const r = formatJailConf("a = 1\nb = 2;\n");
    expect(r).toEqual({
      ok: false,
      reason: "syntax-error",
      message: expect.stringMatching(/^missing `;`/),
      range: expect.objectContaining({ start: expect.any(Number) }),
    });
  });

  it("a file that jail(8) of the chosen release rejects", () => {
    expect(formatJailConf("a {\r\n}\r\n").ok).toBe(true);
    const r = formatJailConf("a {\r\n}\r\n", { freebsd: 13 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^carriage return/);
  });

  it("an unterminated string, and a byte-order mark", () => {
    expect(formatJailConf('a = "x;\n')).toMatchObject({ ok: false, reason: "syntax-error", range: { start: 4, end: 5 } });
    expect(formatJailConf("\ufeffa;\n")).toMatchObject({ ok: false, reason: "syntax-error", range: { start: 0, end: 1 } });
  });
});

describe("formatJailConf golden", () => {
  const dir = join(repoRoot, "fixtures/lsp/format");
  for (const name of ["messy.conf"]) {
    it(`formats ${name} as in its golden file`, () => {
      const text = readFileSync(join(dir, name), "utf8");
      expectGolden(join(dir, `${name}.formatted`), fmt(text));
      expectGolden(join(dir, `${name}.aligned`), fmt(text, { alignEquals: true, indent: "\t" }));
    });
  }
});

// ---- properties -------------------------------------------------------------------------------------------

/** What jail(8) would do with the file: each jail's parameters and variables, expanded. */
function effective(text: string): unknown {
  const model = resolveJailConf(["/etc/jail.conf"], new MemoryHost({ "/etc/jail.conf": text }));
  const project = (m: ReadonlyMap<string, { name: string; values: readonly { text: string; unresolved: boolean }[] }>) =>
    [...m.entries()].map(([k, p]) => [k, p.name, p.values.map((v) => [v.text, v.unresolved])]);
  return {
    jails: model.jails.map((j) => ({ name: j.name, params: project(j.params), variables: project(j.variables) })),
    problems: model.problems.map((p) => [p.kind, p.message]),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/** Every jail.conf the repository and the corpus hold that parses without problems. */
const cleanFiles: { name: string; text: string }[] = (() => {
  const fixtures = walk(join(repoRoot, "fixtures")).filter((p) => /(?:jail|\/lsp\/format)\/.*\.conf$|jail\.conf(?:\.d\/.*)?$/.test(p));
  const corpus = haveCorpus()
    ? [
        ...corpusFiles("real/jail"),
        ...realManifest()
          .filter((r) => r.kind === "jail")
          .map((r) => r.file),
      ]
    : [];
  const out = new Map<string, string>();
  for (const p of [...fixtures, ...corpus]) {
    const text = readFileSync(p, "utf8");
    if (parseJailConf(text).problems.length === 0) out.set(p, text);
  }
  return [...out.entries()].map(([name, text]) => ({ name, text }));
})();

/** The same tokens with other blanks between them: line breaks stay where they are, spaces and tabs vary. */
function reshuffleBlanks(text: string, seed: readonly number[]): string {
  let k = 0;
  const blanks = (len: number, mayBeEmpty: boolean): string => {
    const r = seed[k++ % seed.length] as number;
    const n = mayBeEmpty ? r % 4 : 1 + (r % 3);
    return Array.from({ length: Math.max(len === 0 && !mayBeEmpty ? 1 : 0, n) }, (_, i) => ((r >> i) & 1 ? "\t" : " ")).join("");
  };
  // A run of blanks between tokens (never inside a token: a quoted string or comment is matched first and kept).
  return text.replace(/"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|\\[\s\S]|[ \t]+/g, (m) =>
    /^[ \t]+$/.test(m) ? blanks(m.length, false) : m,
  );
}

const options: fc.Arbitrary<JailFormatOptions> = fc.record(
  {
    indent: fc.oneof(fc.constantFrom(2, 4, 8), fc.constant("\t")),
    alignEquals: fc.boolean(),
    lineWidth: fc.integer({ min: 20, max: 160 }),
  },
  { requiredKeys: [] },
);

describe("formatJailConf properties (fixtures and corpus)", () => {
  it("has clean files to run on", () => {
    if (!haveCorpus()) console.warn("NOTICE: ../shared/corpus is absent; the format properties run on the fixtures only.");
    expect(cleanFiles.length).toBeGreaterThan(haveCorpus() ? 50 : 10);
  });

  it("is idempotent and keeps the effective jails, for every file and option set", () => {
    fc.assert(
      fc.property(fc.constantFrom(...cleanFiles), options, ({ name, text }, opts) => {
        const once = formatJailConf(text, opts);
        expect(once.ok, name).toBe(true);
        if (!once.ok) return;
        expect(formatJailConf(once.text, opts), name).toEqual(once);
        expect(effective(once.text), name).toEqual(effective(text));
      }),
      { seed: 14, numRuns: Math.max(200, cleanFiles.length * 4) },
    );
  });

  it("gives the same text whatever the blanks between tokens were", () => {
    fc.assert(
      fc.property(fc.constantFrom(...cleanFiles), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), ({ name, text }, seed) => {
        const shuffled = reshuffleBlanks(text, seed);
        expect(parseJailConf(shuffled).problems, name).toEqual([]);
        expect(fmt(shuffled), name).toBe(fmt(text));
      }),
      { seed: 14, numRuns: Math.max(200, cleanFiles.length * 2) },
    );
  });

  const fragments = [
    ..."{};=,".split(""),
    "+=",
    " ",
    "\n",
    "\n\n",
    "\t",
    "# c\n",
    "// c\n",
    "/* c */",
    "/* a\nb */",
    '"q"',
    "'s'",
    '"a$x"',
    "${y}",
    "$x",
    "www",
    "persist",
    "ip4.addr",
    "*",
    ".include",
    '"/j/*.conf"',
  ];
  it("never refuses as unsafe, and is idempotent, on grammar-shaped text that parses", () => {
    const shaped = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((p) => p.join(""));
    let checked = 0;
    fc.assert(
      fc.property(shaped, (text) => {
        if (parseJailConf(text).problems.length > 0) return;
        checked++;
        const once = fmt(text);
        expect(fmt(once)).toBe(once);
        expect(effective(once)).toEqual(effective(text));
      }),
      { seed: 14, numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
