// The man page jaillint(1) and the shell completions are generated from the CLI's own program definition and the
// rule registry (packages/cli/src/manual.ts, written by `pnpm docs`): the committed files must be current, the page
// must pass mandoc's lint, and each completion must load in its shell and complete what the CLI accepts.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { createProgram } from "../packages/cli/src/main.js";
import { MANUAL_FILES, manualFiles } from "../packages/cli/src/manual.js";
import { scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const files = manualFiles();
const have = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { encoding: "utf8" }).error === undefined;
const haveMandoc = have("mandoc", ["-V"]);
const haveZsh = have("zsh", ["--version"]);
const haveFish = have("fish", ["--version"]);
for (const [ok, what] of [
  [haveMandoc, "mandoc (Debian package mandoc): the man page lint is skipped"],
  [haveZsh, "zsh (Debian package zsh): the zsh completion check is skipped"],
  [haveFish, "fish (Debian package fish): the fish completion check is skipped"],
] as const)
  if (!ok) console.warn(`NOTICE: no ${what}.`);

describe("the generated man page and completions", () => {
  for (const [path, text] of files) {
    it(`${path} is up to date`, () => {
      let committed = "";
      try {
        committed = readFileSync(join(repoRoot, path), "utf8");
      } catch {
        // missing: reported below
      }
      expect(committed === text, `${path} is stale or missing: run pnpm docs`).toBe(true);
    });
  }
});

describe("jaillint(1)", () => {
  const page = join(repoRoot, MANUAL_FILES.man);

  it.skipIf(!haveMandoc)("passes mandoc -Tlint: nothing but the FreeBSD pages it refers to, absent here", () => {
    const strict = spawnSync("mandoc", ["-Tlint", "-Wwarning", page], { encoding: "utf8" });
    expect(strict.stdout + strict.stderr).toBe("");
    expect(strict.status).toBe(0);
    const all = spawnSync("mandoc", ["-Tlint", page], { encoding: "utf8" });
    const lines = (all.stdout + all.stderr).split("\n").filter(Boolean);
    for (const line of lines)
      expect(line).toMatch(/STYLE: referenced manual not found: Xr (jail\.conf|rc\.conf|pf\.conf|devfs\.rules) 5|Xr (jail|pfctl) 8/);
  });

  it.skipIf(!haveMandoc)("documents every option of every command, and every rule", () => {
    const overstruck = spawnSync("mandoc", ["-Tascii", "-Owidth=200", page], { encoding: "utf8" }).stdout;
    // -Tascii makes bold and underline by overstriking (a character, a backspace, a character): keep the last.
    let text = "";
    for (const ch of overstruck) text = ch === "\b" ? text.slice(0, -1) : text + ch;
    const { program } = createProgram();
    for (const c of program.commands) {
      expect(text).toContain(c.name());
      for (const o of c.options) expect(text).toContain(o.long ?? "");
    }
    for (const r of RULES) expect(text).toMatch(new RegExp(`${r.code} ${r.name}\\n\\s+\\(${r.severity}`));
  });
});

describe("the bash completion", () => {
  /** Completes `words` (the last one being typed) with the generated _jaillint function. */
  const complete = (...words: string[]): string[] => {
    const script = `source ${JSON.stringify(join(repoRoot, MANUAL_FILES.bash))}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; COMPREPLY=()
_jaillint; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync("bash", ["--norc", "-c", script], { cwd: join(repoRoot, "fixtures/example-host"), encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean);
  };

  it("completes options, their choices, commands and rule codes", () => {
    expect(complete("jaillint", "--fo")).toEqual(["--format"]);
    expect(complete("jaillint", "-f", "")).toEqual(["stylish", "json", "sarif", "github", "gcc", "checkstyle", "gitlab", "junit", "azure"]);
    expect(complete("jaillint", "--severity", "w")).toEqual(["warning"]);
    expect(complete("jaillint", "--freebsd", "1")).toEqual(["13", "14", "15"]);
    expect(complete("jaillint", "exp")).toEqual(["explain"]);
    expect(complete("jaillint", "explain", "JL10")).toEqual(RULES.map((r) => r.code).filter((c) => c.startsWith("JL10")));
    expect(complete("jaillint", "explain", "low-")).toEqual(["low-securelevel"]);
    expect(complete("jaillint", "lsp", "--")).toEqual(["--stdio", "--help"]);
    expect(complete("jaillint", "e")).toEqual(["explain", "etc"]);
    expect(complete("jaillint", "--root", "e")).toEqual(["etc"]);
  });
});

describe("the zsh and fish completions", () => {
  it.skipIf(!haveZsh)("zsh reads _jaillint without a syntax error", () => {
    const r = spawnSync("zsh", ["-n", join(repoRoot, MANUAL_FILES.zsh)], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.skipIf(!haveZsh)("zsh completes options, their choices, commands and rule names at a real prompt", () => {
    // An interactive zsh on a pseudo-terminal (zsh/zpty), compinit with the completions' folder in $fpath: each
    // line is typed, TAB pressed, and a key bound to a widget writes the completed line to a file.
    const lines = [
      "jaillint --fo",
      "jaillint --format sa",
      "jaillint explain low-s",
      "jaillint exp",
      "jaillint lsp --st",
      "jaillint --severity w",
      "jaillint --kind j",
    ];
    const tmp = scratch();
    const out = join(tmp, "out");
    writeFileSync(out, "");
    const script = `zmodload zsh/zpty
zpty z "zsh -f -i"
zpty -w z "PS1=''; fpath=(\${1:h} \\$fpath); autoload -U compinit; compinit -u -D; setopt nobeep"
zpty -w z "dump() { print -r -- \\"[\\$BUFFER]\\" >> $2; BUFFER='' }; zle -N dump; bindkey '^X' dump"
for line in "\${@:3}"; do zpty -w -n z "$line"$'\\t\\C-x'; done
for i in {1..100}; do [[ $(wc -l < $2) -ge $(( $# - 2 )) ]] && break; sleep 0.1; done
zpty -d z
`;
    writeFileSync(join(tmp, "drive.zsh"), script);
    const r = spawnSync("zsh", ["-f", join(tmp, "drive.zsh"), join(repoRoot, MANUAL_FILES.zsh), out, ...lines], {
      cwd: tmp,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stderr).toBe("");
    expect(readFileSync(out, "utf8").split("\n").filter(Boolean)).toEqual([
      "[jaillint --format ]",
      "[jaillint --format sarif ]",
      "[jaillint explain low-securelevel ]",
      "[jaillint explain ]",
      "[jaillint lsp --stdio ]",
      "[jaillint --severity warning ]",
      "[jaillint --kind jail ]",
    ]);
  });

  it.skipIf(!haveFish)("fish loads jaillint.fish and completes options, choices and rule codes", () => {
    const fish = (line: string): string[] => {
      const r = spawnSync(
        "fish",
        ["--no-config", "-c", `source ${JSON.stringify(join(repoRoot, MANUAL_FILES.fish))}; complete -C ${JSON.stringify(line)}`],
        {
          encoding: "utf8",
        },
      );
      expect(r.stderr).toBe("");
      return r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0] ?? "");
    };
    expect(spawnSync("fish", ["-n", join(repoRoot, MANUAL_FILES.fish)]).status).toBe(0);
    expect(fish("jaillint --fo")).toEqual(["--format"]);
    expect(fish("jaillint --format ").sort()).toEqual([
      "azure",
      "checkstyle",
      "gcc",
      "github",
      "gitlab",
      "json",
      "junit",
      "sarif",
      "stylish",
    ]);
    expect(fish("jaillint explain JL00")).toEqual(RULES.map((r) => r.code).filter((c) => c.startsWith("JL00")));
  });
});
