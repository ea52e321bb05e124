import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJailConf, parsePfConf } from "@jaillint/parser";
import { kindFromName } from "@jaillint/rules";
import { beforeAll, describe, expect, it } from "vitest";
import oniguruma from "vscode-oniguruma";
import vsctm from "vscode-textmate";
import { corpusFiles, haveCorpus, realManifest } from "../../../test/support/corpus.js";
import { expectGolden } from "../../../test/support/golden.js";

// The extension's TextMate grammars, run by VS Code's own engine (vscode-textmate with the Oniguruma regex
// library as WebAssembly) over the project's fixtures: each line's tokens and scopes are compared with a
// golden file (UPDATE_GOLDEN=1 to accept a change, then read the diff), and the constructs each grammar must
// know are asserted one by one.

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(pkg, "../..");
const GRAMMARS: Record<string, string> = {
  "source.jail-conf": join(pkg, "syntaxes/jail-conf.tmLanguage.json"),
  "source.pf-conf": join(pkg, "syntaxes/pf-conf.tmLanguage.json"),
};

let registry: vsctm.Registry;
beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const path = GRAMMARS[scopeName];
      return path ? vsctm.parseRawGrammar(readFileSync(path, "utf8"), path) : null;
    },
  });
});

type Token = [text: string, scopes: string];

/** Each line's tokens: the text and its scopes below the grammar's own, as VS Code colours them. */
async function tokenize(scope: string, text: string): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scope);
  if (!grammar) throw new Error(`no grammar ${scope}`);
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t): Token => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1).join(" ")]);
  });
}

/** The golden text of a file: each line, then its tokens (blanks between tokens left out). */
async function render(scope: string, file: string): Promise<string> {
  const text = readFileSync(file, "utf8");
  const lines = text.split(/\r?\n/);
  const tokens = await tokenize(scope, text);
  const out = [`# ${relative(repo, file)} (${scope})`];
  tokens.forEach((line, i) => {
    if (i === lines.length - 1 && lines[i] === "") return;
    out.push(`${i + 1} | ${lines[i]}`);
    for (const [t, s] of line) if (t.trim() !== "") out.push(`    ${JSON.stringify(t)} ${s}`);
  });
  return `${out.join("\n")}\n`;
}

const confs = (dir: string): string[] =>
  readdirSync(join(repo, dir))
    .filter((f) => f.endsWith(".conf"))
    .sort()
    .map((f) => join(repo, dir, f));

const JAIL_FILES = [
  ...confs("fixtures/jail/syntax"),
  join(repo, "fixtures/example-host/etc/jail.conf"),
  join(repo, "fixtures/example-host/etc/jail.conf.d/mail.conf"),
];
const PF_FILES = [...confs("fixtures/pf"), join(repo, "fixtures/example-host/etc/pf.conf"), join(pkg, "test/samples/continuation.pf.conf")];

describe("grammar goldens", () => {
  for (const [scope, files] of [
    ["source.jail-conf", JAIL_FILES],
    ["source.pf-conf", PF_FILES],
  ] as const)
    for (const file of files)
      it(`${scope}: ${relative(repo, file)}`, async () => {
        const name = `${relative(repo, file)
          .replace(/^fixtures\//, "")
          .replace(/[/]/g, "__")}.golden.txt`;
        expectGolden(join(pkg, "test/grammars", name), await render(scope, file));
      });
});

/** The scopes of the first token whose text is `text` (on the given line, 1-based, when given). */
async function scopesOf(scope: string, source: string, text: string, line?: number): Promise<string> {
  const lines = await tokenize(scope, source);
  for (const [i, tokens] of lines.entries()) {
    if (line !== undefined && i + 1 !== line) continue;
    const t = tokens.find(([x]) => x === text);
    if (t) return t[1];
  }
  throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(source)}`);
}

describe("jail.conf grammar", () => {
  const jail = (source: string, text: string, line?: number) => scopesOf("source.jail-conf", source, text, line);

  it("knows the three comment forms, and # ending an unquoted word", async () => {
    expect(await jail("# a\n", "#")).toBe("comment.line.number-sign.jail-conf punctuation.definition.comment.jail-conf");
    expect(await jail("persist; // b\n", " b")).toBe("comment.line.double-slash.jail-conf");
    expect(await jail("/* c\n d */ persist;\n", " d ")).toBe("comment.block.jail-conf");
    expect(await jail("persist;\n", "persist", 1)).toBe("meta.statement.parameter.jail-conf variable.other.property.jail-conf");
    expect(await jail("host.hostname = www#x;\n", "www")).toBe("meta.statement.parameter.jail-conf string.unquoted.jail-conf");
    expect(await jail("host.hostname = www#x;\n", "x;")).toBe("meta.statement.parameter.jail-conf comment.line.number-sign.jail-conf");
  });

  it("names jail blocks, parameters and the no prefix of booleans", async () => {
    const src = 'www {\n  allow.nomount;\n  nopersist;\n  "web.*" { mount.devfs; }\n}\n';
    expect(await jail(src, "www")).toBe("meta.block.jail.jail-conf entity.name.section.jail.jail-conf");
    expect(await jail(src, "{", 1)).toBe("meta.block.jail.jail-conf punctuation.section.block.begin.jail-conf");
    expect(await jail(src, "allow.")).toBe(
      "meta.block.jail.jail-conf meta.statement.parameter.jail-conf variable.other.property.jail-conf",
    );
    expect(await jail(src, "no", 2)).toBe(
      "meta.block.jail.jail-conf meta.statement.parameter.jail-conf keyword.operator.negation.no-prefix.jail-conf",
    );
    expect(await jail(src, "mount", 2)).toBe(
      "meta.block.jail.jail-conf meta.statement.parameter.jail-conf variable.other.property.jail-conf",
    );
    expect(await jail(src, "no", 3)).toBe(
      "meta.block.jail.jail-conf meta.statement.parameter.jail-conf keyword.operator.negation.no-prefix.jail-conf",
    );
    expect(await jail(src, '"web.*"')).toBe("meta.block.jail.jail-conf meta.block.jail.jail-conf entity.name.section.jail.jail-conf");
    expect(await jail(src, "}", 5)).toBe("meta.block.jail.jail-conf punctuation.section.block.end.jail-conf");
  });

  it("knows =, += and ;, booleans, numbers and jailsys values", async () => {
    const src = 'exec.start += "x";\nip4.addr = 10.0.0.1, "lo1";\nsecurelevel = 3;\nvnet = new;\nallow.mount = false;\n';
    expect(await jail(src, "+=")).toBe("meta.statement.parameter.jail-conf keyword.operator.assignment.append.jail-conf");
    expect(await jail(src, "=", 2)).toBe("meta.statement.parameter.jail-conf keyword.operator.assignment.jail-conf");
    expect(await jail(src, ";", 1)).toBe("meta.statement.parameter.jail-conf punctuation.terminator.statement.jail-conf");
    expect(await jail(src, "10.0.0.1")).toBe("meta.statement.parameter.jail-conf string.unquoted.jail-conf");
    expect(await jail(src, ",")).toBe("meta.statement.parameter.jail-conf punctuation.separator.comma.jail-conf");
    expect(await jail(src, "3")).toBe("meta.statement.parameter.jail-conf constant.numeric.integer.jail-conf");
    expect(await jail(src, "new")).toBe("meta.statement.parameter.jail-conf constant.language.jailsys.jail-conf");
    expect(await jail(src, "false")).toBe("meta.statement.parameter.jail-conf constant.language.boolean.jail-conf");
  });

  it("expands variables in double quotes and unquoted text, not in single quotes; escapes in both quotes", async () => {
    const src = `$base = "/j";\npath = "$base/\${name}\\t";\nx = '$base\\n';\ny = $base/z;\n`;
    expect(await jail(src, "base", 1)).toBe("meta.statement.variable.jail-conf variable.other.definition.jail-conf");
    expect(await jail(src, "base", 2)).toBe("meta.statement.parameter.jail-conf string.quoted.double.jail-conf variable.other.jail-conf");
    expect(await jail(src, "name", 2)).toBe("meta.statement.parameter.jail-conf string.quoted.double.jail-conf variable.other.jail-conf");
    expect(await jail(src, "${", 2)).toBe(
      "meta.statement.parameter.jail-conf string.quoted.double.jail-conf punctuation.definition.variable.begin.jail-conf",
    );
    expect(await jail(src, "\\t", 2)).toBe(
      "meta.statement.parameter.jail-conf string.quoted.double.jail-conf constant.character.escape.jail-conf",
    );
    expect(await jail(src, "$base", 3)).toBe("meta.statement.parameter.jail-conf string.quoted.single.jail-conf");
    expect(await jail(src, "\\n", 3)).toBe(
      "meta.statement.parameter.jail-conf string.quoted.single.jail-conf constant.character.escape.jail-conf",
    );
    expect(await jail(src, "base", 4)).toBe("meta.statement.parameter.jail-conf variable.other.jail-conf");
  });

  it("knows .include, and a parameter named .include", async () => {
    const src = '.include "/etc/jail.conf.d/*.conf";\n.include = "x";\n';
    expect(await jail(src, ".include", 1)).toBe("meta.preprocessor.include.jail-conf keyword.control.directive.include.jail-conf");
    expect(await jail(src, "/etc/jail.conf.d/*.conf")).toBe("meta.preprocessor.include.jail-conf string.quoted.double.jail-conf");
    expect(await jail(src, ".", 2)).toBe("meta.statement.parameter.jail-conf variable.other.property.jail-conf");
  });
});

describe("pf.conf grammar", () => {
  const pf = (text: string, line?: number) => scopesOf("source.pf-conf", readFileSync(PF_FILES.at(-1) as string, "utf8"), text, line);

  it("knows macros, tables, strings and comments", async () => {
    expect(await pf("lan")).toBe("variable.other.definition.pf-conf");
    expect(await pf("=", 2)).toBe("keyword.operator.assignment.pf-conf");
    expect(await pf("icmp_types", 10)).toBe("variable.other.macro.pf-conf");
    expect(await pf("$", 10)).toBe("punctuation.definition.variable.pf-conf");
    expect(await pf("blocked", 4)).toBe("variable.other.table.pf-conf");
    expect(await pf("<", 4)).toBe("punctuation.definition.table.begin.pf-conf");
    expect(await pf("echoreq unreach")).toBe("string.quoted.single.pf-conf");
    expect(await pf('\\"')).toBe("string.quoted.double.pf-conf constant.character.escape.pf-conf");
    expect(await pf(" a trailing comment")).toBe("comment.line.number-sign.pf-conf");
  });

  it("knows rule keywords, addresses, ports, operators and line continuations", async () => {
    for (const k of ["block", "pass", "match", "table"]) expect(await pf(k)).toBe("keyword.control.action.pf-conf");
    for (const k of ["in", "quick", "on", "from", "to", "port", "proto", "flags", "modulate", "state", "persist", "file", "nat-to", "tag"])
      expect(await pf(k), k).toBe("keyword.other.pf-conf");
    expect(await pf("tcp")).toBe("constant.language.protocol.pf-conf");
    expect(await pf("192.0.2.1")).toBe("constant.numeric.ipv4.pf-conf");
    expect(await pf("fe80::1/64")).toBe("constant.numeric.ipv6.pf-conf");
    expect(await pf("2001:db8::10")).toBe("constant.numeric.ipv6.pf-conf");
    expect(await pf("443")).toBe("constant.numeric.integer.pf-conf");
    expect(await pf("!=")).toBe("keyword.operator.comparison.pf-conf");
    expect(await pf("!", 6)).toBe("keyword.operator.negation.pf-conf");
    expect(await pf("\\", 6)).toBe("punctuation.separator.continuation.line.pf-conf");
    expect(await pf("egress", 11)).toBe("");
    expect(await pf("0", 11)).toBe("constant.language.interface-modifier.pf-conf");
    expect(await pf(":", 7)).toBe("keyword.operator.comparison.pf-conf");
  });

  it("FreeBSD 15's translation on match and pass rules, and rdr's arrow", async () => {
    const src = readFileSync(join(repo, "fixtures/example-host/etc/pf.conf"), "utf8");
    expect(await scopesOf("source.pf-conf", src, "rdr")).toBe("keyword.control.action.pf-conf");
    expect(await scopesOf("source.pf-conf", src, "->")).toBe("keyword.operator.translation.pf-conf");
    expect(await scopesOf("source.pf-conf", src, "127.0.1.0/24")).toBe("string.quoted.double.pf-conf");
    expect(await scopesOf("source.pf-conf", src, "127.0.1.9")).toBe("constant.numeric.ipv4.pf-conf");
  });
});

/**
 * Every file jaillint parses without an error must leave the grammar where it started (no block, string,
 * comment or statement left open: a probe line after it is a top-level statement), and each line that starts
 * with # outside a string is a comment throughout. Returns how many files were well-formed.
 */
async function checkWellFormed(rows: readonly { file: string; kind: string }[]): Promise<number> {
  const PROBE = {
    jail: ["zz_probe;", "zz_probe", "meta.statement.parameter.jail-conf variable.other.property.jail-conf"],
    pf: ["pass", "pass", "keyword.control.action.pf-conf"],
  } as const;
  let checked = 0;
  for (const row of rows) {
    const kind = row.kind as "jail" | "pf";
    const text = readFileSync(row.file, "utf8");
    const problems = kind === "jail" ? parseJailConf(text).problems : parsePfConf(text).problems;
    if (problems.some((p) => p.severity !== "note")) continue;
    checked++;
    const [line, word, scopes] = PROBE[kind];
    const lines = await tokenize(kind === "jail" ? "source.jail-conf" : "source.pf-conf", `${text.replace(/\n?$/, "\n")}${line}\n`);
    const probe = lines.at(-2) ?? [];
    expect(probe.find(([t]) => t === word)?.[1], relative(repo, row.file)).toBe(scopes);
    for (const tokens of lines) {
      const first = tokens.find(([t]) => t.trim() !== "");
      if (first?.[0].startsWith("#") && !first[1].includes("string"))
        for (const [t, sc] of tokens.slice(tokens.indexOf(first)))
          expect(sc, `${relative(repo, row.file)}: ${JSON.stringify(t)}`).toContain("comment");
    }
  }
  return checked;
}

it("leaves the grammar at the top level after every well-formed jail.conf and pf.conf among the fixtures", async () => {
  const rows: { file: string; kind: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".conf")) {
        // A rule's bad.conf and good.conf are of the kind of the folder they are in (fixtures/jail, fixtures/pf).
        const rel = relative(repo, path);
        const kind = kindFromName(rel) ?? (rel.startsWith("fixtures/jail/") ? "jail" : rel.startsWith("fixtures/pf/") ? "pf" : undefined);
        if (kind === "jail" || kind === "pf") rows.push({ file: path, kind });
      }
    }
  };
  walk(join(repo, "fixtures"));
  expect(await checkWellFormed(rows)).toBeGreaterThan(50);
});

describe.runIf(haveCorpus())("the grammars on the real configurations of ../shared/corpus", () => {
  const rows: { file: string; kind: string }[] = [
    ...realManifest().filter((r) => (r.kind === "jail" || r.kind === "pf") && !r.template),
    // pfctl's regression inputs (sbin/pfctl/tests/files), and the pf.conf examples of the handbook and the FAQ.
    ...corpusFiles("pfctl", (f) => f.endsWith(".in")).map((file) => ({ file, kind: "pf" })),
    ...corpusFiles("pf-examples", (f) => f !== "README.md").map((file) => ({ file, kind: "pf" })),
  ];
  it("reads each well-formed file back to the top level", async () => {
    expect(await checkWellFormed(rows)).toBeGreaterThan(150);
  });
});
