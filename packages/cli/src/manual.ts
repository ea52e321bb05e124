// The man page jaillint(1), in mdoc, and the shell completions (bash, zsh, fish), generated from the program's own
// definition (createProgram: its commands, options, choices and defaults) and from the rule registry, so that they
// cannot drift from the CLI. `pnpm docs` writes them (scripts/generate-manual.mjs); test/manual.test.ts fails when
// a committed file differs from what this makes.
import { FREEBSD_VERSIONS } from "@jaillint/parser";
import { RULES, type Rule } from "@jaillint/rules";
import type { Command, Option } from "commander";
import { createProgram } from "./main.js";
import { VERSION } from "./version.js";

/** The date the page's .Dd names: change it when the page's hand-written parts change. */
const PAGE_DATE = "December 2, 2026";

/** Where each generated file lives, relative to the repository root. */
export const MANUAL_FILES = {
  man: "packages/cli/man/jaillint.1",
  bash: "packages/cli/completions/jaillint.bash",
  zsh: "packages/cli/completions/_jaillint",
  fish: "packages/cli/completions/jaillint.fish",
} as const;

/** Options whose value is a file or a directory (completed as paths). */
const PATH_VALUES: Readonly<Record<string, "file" | "dir">> = {
  "--root": "dir",
  "--output": "file",
  "--config": "file",
  "--baseline": "file",
  "--write-baseline": "file",
  "--stdin-filename": "file",
};

/** The values an option takes when it has a fixed set: commander's choices, or the FreeBSD releases. */
function choicesOf(o: Option): readonly string[] | undefined {
  if (o.long === "--freebsd") return FREEBSD_VERSIONS.map(String);
  return o.argChoices;
}

interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly args: { name: string; description: string; required: boolean; variadic: boolean }[];
  readonly options: readonly Option[];
}

/** The program's commands (the default one first) as the generators see them. */
function programSpec(): { program: Command; commands: CommandSpec[] } {
  const { program } = createProgram();
  const commands = program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    args: c.registeredArguments.map((a) => ({ name: a.name(), description: a.description, required: a.required, variadic: a.variadic })),
    options: c.options,
  }));
  return { program, commands };
}

/** Every generated file: repository path → text. */
export function manualFiles(rules: readonly Rule[] = RULES): Map<string, string> {
  const spec = programSpec();
  return new Map([
    [MANUAL_FILES.man, manPage(spec, rules)],
    [MANUAL_FILES.bash, bashCompletion(spec, rules)],
    [MANUAL_FILES.zsh, zshCompletion(spec, rules)],
    [MANUAL_FILES.fish, fishCompletion(spec, rules)],
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// mdoc

/**
 * Text as mdoc text lines: escapes, `code` in quotes, non-ASCII as named escapes, one sentence a line, lines of at
 * most 80 bytes and the name FreeBSD by its macro (mandoc -Tlint asks for the last three).
 */
function roffText(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\e")
    .replace(/`([^`]*)`/g, "\\(lq$1\\(rq")
    .replace(/--/g, "\\-\\-")
    .replace(/\u2014/g, "\\(em")
    .replace(/\u2013/g, "\\(en")
    .replace(/\u2026/g, "...")
    .replace(/[^\p{ASCII}]/gu, (ch) => `\\[u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}]`);
  return escaped
    .split(/(?<=[.!?:;])\s+(?=[A-Z])/)
    .flatMap(freeBsdMacro)
    .flatMap((line) => (line.startsWith(".Fx") ? [line] : wrap(line)))
    .map((line) => (/^[.']/.test(line) && !line.startsWith(".Fx") ? `\\&${line}` : line))
    .join("\n");
}

/** A text line with each "FreeBSD" on a line of its own, as the .Fx macro (trailing punctuation after it). */
function freeBsdMacro(line: string): string[] {
  const out: string[] = [];
  let rest = line;
  for (let m = /(^|\s)FreeBSD([,.;:)]?)(?=\s|$)/.exec(rest); m; m = /(^|\s)FreeBSD([,.;:)]?)(?=\s|$)/.exec(rest)) {
    const before = rest.slice(0, m.index).trim();
    if (before) out.push(before);
    out.push(m[2] ? `.Fx ${m[2]}` : ".Fx");
    rest = rest.slice(m.index + m[0].length).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** A text line cut at spaces into lines of at most 80 bytes. */
function wrap(line: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of line.split(/\s+/)) {
    if (current !== "" && Buffer.byteLength(current) + 1 + Buffer.byteLength(word) > 80) {
      out.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  if (current !== "") out.push(current);
  return out;
}

/** An option's head for `.It`: `Fl f , Fl \-format Ar format`. */
function optionHead(o: Option): string {
  const arg = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];
  const names = [o.short, o.long].filter((n): n is string => n !== undefined).map((n) => `Fl ${n.slice(1)}`);
  return `${names.join(" , ")}${arg ? ` Ar ${arg}` : ""}`;
}

function optionBody(o: Option): string {
  const text = o.description.replace(/\s*\(default [^)]*\)$/, "");
  const parts = [roffText(`${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`)];
  const choices = choicesOf(o);
  if (choices) parts.push(`One of ${choices.map((c) => `.Cm ${c}`).join(" ,\n")} .`.replace(/^One of \.Cm/, "One of\n.Cm"));
  const d =
    /\(default ([^)]*)\)$/.exec(o.description)?.[1] ?? (o.defaultValue !== undefined && !o.negate ? String(o.defaultValue) : undefined);
  if (d !== undefined && !Array.isArray(o.defaultValue)) parts.push(`The default is\n.Cm ${d} .`);
  return parts.join("\n");
}

function optionList(options: readonly Option[]): string[] {
  const lines = [".Bl -tag -width Ds"];
  for (const o of options) lines.push(`.It ${optionHead(o)}`, optionBody(o));
  lines.push(".El");
  return lines;
}

function manPage({ program, commands }: { program: Command; commands: CommandSpec[] }, rules: readonly Rule[]): string {
  const lint = commands.find((c) => c.name === "lint");
  if (!lint) throw new Error("the program has no lint command");
  const lintArg = lint.args[0];
  const lines: string[] = [
    `.\\" Generated by scripts/generate-manual.mjs from the jaillint program and its rules: do not edit.`,
    `.Dd ${PAGE_DATE}`,
    ".Dt JAILLINT 1",
    ".Os",
    ".Sh NAME",
    ".Nm jaillint",
    `.Nd ${program
      .description()
      .replace(/\.$/, "")
      .replace(/^Static/, "static")}`,
    ".Sh SYNOPSIS",
    ".Nm",
    ".Op Ar options",
    ".Op Ar path ...",
    ...commands
      .filter((c) => c.name !== "lint")
      .flatMap((c) => [".Nm", `.Cm ${c.name}`, ...c.args.map((a) => (a.required ? `.Ar ${a.name}` : `.Op Ar ${a.name}`))]),
    ".Nm",
    ".Fl V | Fl h",
    ".Sh DESCRIPTION",
    "The",
    ".Nm",
    "utility checks a",
    ".Fx",
    "host's",
    ".Xr jail.conf 5 ,",
    ".Xr rc.conf 5",
    "and",
    ".Xr pf.conf 5",
    roffText(
      "together, as the host reads them, and reports hazards: jails that can see the host's loopback, device nodes or System V IPC, addresses that clash, firewall rules that miss the jails, and more.",
    ),
    "Each finding names a rule (see",
    ".Sx RULES ) .",
    ".Pp",
    "With no command,",
    ".Nm",
    "lints",
    ".Pq the Cm lint No command .",
    "Each",
    ".Ar path",
    "is a file, whose kind is taken from its name, or a directory that holds a host's",
    ".Pa /etc .",
    ...(lintArg ? [roffText(`Without a path, it lints ${lintArg.description.replace(/^.*\(default: /, "").replace(/\)$/, "")}.`)] : []),
    ".Pp",
    "The options are:",
    ...optionList([...lint.options]),
    ".Pp",
    "The commands are:",
    ".Bl -tag -width Ds",
  ];
  for (const c of commands) {
    lines.push(
      `.It Cm ${c.name}${c.args.map((a) => (a.required ? ` Ar ${a.name}` : ` Op Ar ${a.name}${a.variadic ? " ..." : ""}`)).join("")}`,
    );
    lines.push(roffText(`${c.description.charAt(0).toUpperCase()}${c.description.slice(1)}.`));
    if (c.name !== "lint" && c.options.length > 0) lines.push(...optionList(c.options));
  }
  lines.push(
    ".It Fl V , Fl \\-version",
    "Print the version and exit.",
    ".It Fl h , Fl \\-help",
    "Print a summary of the commands or, after a command, of its options, and exit.",
    ".El",
    ".Sh ENVIRONMENT",
    ".Bl -tag -width Ds",
    ".It Ev NO_COLOR",
    "When set, the output is not colored",
    ".Pq unless Fl \\-color No is given .",
    ".It Ev CI",
    "When set, no progress line is drawn.",
    ".El",
    ".Sh FILES",
    ".Bl -tag -width Ds",
    ".It Pa jaillint.config.json",
    "The configuration: rule levels and options, per-file overrides.",
    "The nearest one above the first file linted is used, unless",
    ".Fl c",
    "names another.",
    ".It Pa /etc/jail.conf , /etc/jail.conf.d/*.conf , /etc/rc.conf , /etc/pf.conf",
    "What",
    ".Nm",
    "reads when no path is given.",
    ".El",
    ".Sh EXIT STATUS",
    ".Bl -tag -width Ds",
    ".It 0",
    "No finding at or above the",
    ".Fl \\-severity",
    "threshold, and no more warnings than",
    ".Fl \\-max-warnings .",
    ".It 1",
    "Findings at or above the threshold, or too many warnings.",
    ".It 2",
    roffText("A usage error, a file that cannot be read, or a bad configuration: one line on standard error says which."),
    ".El",
    ".Sh RULES",
    "Each rule has a code and a name; either names it in",
    ".Fl \\-rule ,",
    "in the configuration and in",
    ".Ql jaillint-disable",
    "comments.",
    ".Ql jaillint explain Ar code",
    "prints a rule's documentation.",
    ".Bl -tag -width Ds",
  );
  for (const r of rules) {
    lines.push(`.It Sy ${r.code} Cm ${r.name}`);
    lines.push(`.Pq ${r.severity}${r.fixable ? `, ${r.fixable === "unsafe" ? "unsafe fix" : "fixable"}` : ""}`);
    lines.push(roffText(r.docs.what));
  }
  lines.push(
    ".El",
    ".Sh EXAMPLES",
    "Lint this host:",
    ".Dl $ jaillint",
    "Lint a copy of another host's",
    ".Pa /etc ,",
    "absolute paths resolved under it:",
    ".Dl $ jaillint --root ./hostA ./hostA/etc",
    "Annotations for a GitHub Actions run:",
    ".Dl $ jaillint -f github ./etc",
    "Apply the safe fixes:",
    ".Dl $ jaillint --fix /etc/jail.conf",
    ".Sh SEE ALSO",
    ".Xr devfs.rules 5 ,",
    ".Xr jail.conf 5 ,",
    ".Xr pf.conf 5 ,",
    ".Xr rc.conf 5 ,",
    ".Xr jail 8 ,",
    ".Xr pfctl 8",
    ".Sh STANDARDS",
    "The",
    ".Fl \\-format Cm sarif",
    "output is SARIF 2.1.0.",
    ".Sh HISTORY",
    `This page describes jaillint ${VERSION}.`,
  );
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Shell completions

/** The names an option goes by. */
const namesOf = (o: Option): string[] => [o.short, o.long].filter((n): n is string => n !== undefined);
const takesValue = (o: Option): boolean => o.required || o.optional;
const ruleWords = (rules: readonly Rule[]): string[] => rules.flatMap((r) => [r.code, r.name]);
const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const ALWAYS = ["-h", "--help"];

function bashCompletion({ program, commands }: { program: Command; commands: CommandSpec[] }, rules: readonly Rule[]): string {
  const lint = commands.find((c) => c.name === "lint");
  const cases: string[] = [];
  const valueCases: string[] = [];
  const seen = new Set<string>();
  for (const c of commands)
    for (const o of c.options) {
      if (!takesValue(o)) continue;
      const key = namesOf(o).join("|");
      if (seen.has(key)) continue;
      seen.add(key);
      const choices = choicesOf(o);
      const kind = o.long ? PATH_VALUES[o.long] : undefined;
      const action = choices
        ? `COMPREPLY=($(compgen -W ${shQuote(choices.join(" "))} -- "$cur"))`
        : kind === "dir"
          ? `COMPREPLY=($(compgen -d -- "$cur"))`
          : kind === "file"
            ? `COMPREPLY=($(compgen -f -- "$cur"))`
            : "COMPREPLY=()";
      valueCases.push(`    ${key}) ${action}; return ;;`);
    }
  for (const c of commands) {
    const opts = [...c.options.flatMap(namesOf), ...ALWAYS];
    cases.push(`    ${c.name}) opts=${shQuote(opts.join(" "))} ;;`);
  }
  const topOpts = [...(lint?.options.flatMap(namesOf) ?? []), ...program.options.flatMap(namesOf), ...ALWAYS];
  return `# bash completion for jaillint. Generated by scripts/generate-manual.mjs from the jaillint program: do not edit.
# Install: copy it as jaillint into bash-completion's completions directory, or source it from ~/.bashrc.
_jaillint() {
  local cur prev cmd="" opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${commands.map((c) => c.name).join("|")}) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$prev" in
${valueCases.join("\n")}
  esac
  case "$cmd" in
${cases.join("\n")}
    *) opts=${shQuote(topOpts.join(" "))} ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ "$cmd" == explain ]]; then
    COMPREPLY=($(compgen -W ${shQuote(ruleWords(rules).join(" "))} -- "$cur"))
  elif [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W ${shQuote(commands.map((c) => c.name).join(" "))} -- "$cur") $(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _jaillint jaillint
`;
}

/** A zsh _arguments spec of one option. */
function zshSpec(o: Option): string {
  const names = namesOf(o);
  const desc = o.description.replace(/[[\]:\\']/g, (ch) => (ch === "'" ? "'\\''" : `\\${ch}`));
  const choices = choicesOf(o);
  const kind = o.long ? PATH_VALUES[o.long] : undefined;
  const value = takesValue(o)
    ? `:${/[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? "value"}:${choices ? `(${choices.join(" ")})` : kind === "dir" ? "_files -/" : kind === "file" ? "_files" : " "}`
    : "";
  const repeat = Array.isArray(o.defaultValue) ? "*" : "";
  if (names.length === 1) return `'${repeat}${names[0]}[${desc}]${value}'`;
  return `'${repeat}(${names.join(" ")})'{${names.join(",")}}'[${desc}]${value}'`;
}

function zshCompletion({ commands }: { program: Command; commands: CommandSpec[] }, rules: readonly Rule[]): string {
  const lint = commands.find((c) => c.name === "lint");
  const commandList = commands.map((c) => `    '${c.name}:${c.description.replace(/[:']/g, (ch) => (ch === "'" ? "'\\''" : "\\:"))}'`);
  const perCommand = commands.map((c) => {
    const rest =
      c.name === "explain"
        ? ` \\\n        '1:rule:(${ruleWords(rules).join(" ")})'`
        : c.name === "lint"
          ? ` \\\n        '*:path:_files'`
          : "";
    return `    ${c.name})\n      _arguments -s \\\n        ${[...c.options.map(zshSpec), "'(- *)'{-h,--help}'[print help]'"].join(" \\\n        ")}${rest}\n      ;;`;
  });
  return `#compdef jaillint
# zsh completion for jaillint. Generated by scripts/generate-manual.mjs from the jaillint program: do not edit.
# Install: copy it as _jaillint into a directory of $fpath.
_jaillint() {
  local -a commands
  commands=(
${commandList.join("\n")}
  )
  local cmd=\${words[2]}
  if (( CURRENT > 2 )) && (( \${commands[(I)\${cmd}:*]} )); then
    shift words
    (( CURRENT-- ))
    case $cmd in
${perCommand.join("\n")}
    esac
    return
  fi
  _arguments -s \\
    ${[...(lint?.options.map(zshSpec) ?? []), "'(- *)'{-V,--version}'[print the version]'", "'(- *)'{-h,--help}'[print help]'"].join(" \\\n    ")} \\
    '1: :->first' \\
    '*:path:_files'
  if [[ $state == first ]]; then
    _describe -t commands command commands
    _files
  fi
}
_jaillint "$@"
`;
}

function fishCompletion({ commands }: { program: Command; commands: CommandSpec[] }, rules: readonly Rule[]): string {
  const names = commands.map((c) => c.name).join(" ");
  const lines = [
    "# fish completion for jaillint. Generated by scripts/generate-manual.mjs from the jaillint program: do not edit.",
    "# Install: copy it to ~/.config/fish/completions/jaillint.fish (or a directory of $fish_complete_path).",
    "complete -c jaillint -f",
    `complete -c jaillint -n "not __fish_seen_subcommand_from ${names}" -F`,
    `complete -c jaillint -s V -l version -n "not __fish_seen_subcommand_from ${names}" -d ${shQuote("print the version")}`,
    `complete -c jaillint -s h -l help -d ${shQuote("print help")}`,
  ];
  for (const c of commands)
    lines.push(`complete -c jaillint -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${shQuote(c.description)}`);
  for (const c of commands) {
    const when =
      c.name === "lint"
        ? `"not __fish_seen_subcommand_from ${commands
            .filter((x) => x.name !== "lint")
            .map((x) => x.name)
            .join(" ")}"`
        : `"__fish_seen_subcommand_from ${c.name}"`;
    if (c.name === "lint") lines.push(`complete -c jaillint -n "__fish_seen_subcommand_from lint" -F`);
    if (c.name === "explain") lines.push(`complete -c jaillint -n ${when} -x -a ${shQuote(ruleWords(rules).join(" "))}`);
    for (const o of c.options) {
      const flags = [o.short ? `-s ${o.short.slice(1)}` : "", o.long ? `-l ${o.long.slice(2)}` : ""].filter(Boolean).join(" ");
      const choices = choicesOf(o);
      const kind = o.long ? PATH_VALUES[o.long] : undefined;
      const value = !takesValue(o) ? "" : choices ? ` -x -a ${shQuote(choices.join(" "))}` : kind ? " -r -F" : " -x";
      lines.push(`complete -c jaillint -n ${when} ${flags}${value} -d ${shQuote(o.description)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
