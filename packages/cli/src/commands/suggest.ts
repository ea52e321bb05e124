import type { FreeBsdVersion } from "@jaillint/parser";
import { applyPfSuggestion, type PfSuggestion, suggestPf } from "@jaillint/rules";
import { type Command, Option } from "commander";
import { terminalSafe } from "../formatters/terminal-safe.js";
import type { CliIo } from "../io.js";
import { unifiedDiff } from "../unified-diff.js";
import { type HostTree, parseFreebsd, readHostTree } from "./host-tree.js";

interface SuggestPfOptions {
  diff?: boolean;
  freebsd: FreeBsdVersion;
}

const EXAMPLES = `
Examples:
  jaillint suggest pf fixtures/hosts/skip-lo             the rules, and where each part goes
  jaillint suggest pf --diff /mnt/host | patch -p1 -d /mnt/host   apply them to a copy of the host
`;

/** `jaillint suggest pf`: the pf.conf rules that isolate the jails (the core's suggestPf), as text or a diff. */
export function registerSuggest(program: Command, io: CliIo, done: (status: number) => void): void {
  const suggest = program.command("suggest").description("write configuration that fixes what jaillint finds").exitOverride();
  suggest
    .command("pf")
    .description("the pf.conf rules that isolate the host's jails from each other, with their addresses filled in")
    .argument("[tree]", "a directory holding a host's etc/ (default: the host under /)")
    .option("--diff", "print the change to pf.conf as a unified diff (for patch -p1) instead")
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to read the files as").argParser(parseFreebsd).default(15))
    .addHelpText("after", EXAMPLES)
    .exitOverride()
    .action(async (tree: string | undefined, opts: SuggestPfOptions) => {
      done(await suggestPfCommand(tree, opts, io));
    });
}

async function suggestPfCommand(tree: string | undefined, opts: SuggestPfOptions, io: CliIo): Promise<number> {
  const host = await readHostTree(tree, opts.freebsd, io);
  if (typeof host === "string") {
    io.stderr(`jaillint: ${host}\n`);
    return 2;
  }
  const s = suggestPf(host.result.model);
  if (opts.diff) {
    if (!s.file) {
      io.stderr("jaillint: --diff needs the host's pf.conf, and this tree has none: save the rules as /etc/pf.conf\n");
      return 2;
    }
    io.stdout(suggestionDiff(s, host));
    return 0;
  }
  io.stdout(suggestionText(s, host).split("\n").map(terminalSafe).join("\n"));
  return 0;
}

/** Every file the suggestion changes, as one unified diff with paths as `lint` names them. */
export function suggestionDiff(s: PfSuggestion, host: HostTree): string {
  const files = [...new Set([...s.changes.map((c) => c.file), ...(s.file ? [s.file] : [])])];
  return files
    .map((f) => {
      const before = host.result.model.texts.get(f) ?? "";
      const shown = host.found.host.displayPath(f);
      return unifiedDiff(before, applyPfSuggestion(s, f, before), `a/${shown}`, `b/${shown}`);
    })
    .join("");
}

/** The suggestion as pf.conf text: what to change above, then the block to append; every line of prose a comment. */
export function suggestionText(s: PfSuggestion, host: HostTree): string {
  const out: string[] = [];
  const shown = s.file ? host.found.host.displayPath(s.file) : "/etc/pf.conf";
  let n = 1;
  for (const c of s.changes) {
    const at = host.at(c.file, c.range);
    if (c.edit.start === c.edit.end) continue;
    const was = (host.result.model.texts.get(c.file) ?? "").slice(c.range.start, c.range.end);
    out.push(`# ${n++}. In ${at.file}, line ${at.line}: ${c.why}. Replace`, `#      ${was}`, "#    with", `#      ${c.edit.newText}`);
  }
  if (s.selfRulesInserted) {
    const c = s.changes.find((x) => x.edit.start === x.edit.end);
    const at = c ? host.at(c.file, c.range) : undefined;
    out.push(`# ${n++}. In ${shown}, insert before line ${at?.line ?? 1} (${c?.why ?? ""}):`, s.selfRules.trimEnd());
  }
  if (s.block !== "") out.push(`# ${n++}. Append at the end of ${shown}:`, s.block.trimEnd());
  if (s.notes.length > 0) out.push("# Notes:", ...s.notes.map((x) => `# - ${x}`));
  return `${out.join("\n")}\n`;
}
