import type { Rule } from "./engine/rule.js";

const FENCE: Record<Rule["docs"]["example"]["kind"], string> = { jail: "jail.conf", rc: "rc.conf", pf: "pf.conf" };

const SCOPE: Record<Rule["scope"], string> = { file: "one file, with what it includes", host: "the whole host" };

/** An example as it is shown: a carriage return (which would hide, or move the cursor) as ␍. */
export const exampleText = (text: string): string => text.replace(/\r/g, "\u240d").trimEnd();

/** docs/rules/CODE.md, generated from the rule's own metadata so the page cannot drift from the code. */
export function renderRuleDoc(rule: Rule): string {
  const lines = [
    "<!-- Generated from the rule's source by `pnpm docs`: do not edit. -->",
    `# ${rule.code} ${rule.name}`,
    "",
    "| code | name | severity | fixable | scope |",
    "| --- | --- | --- | --- | --- |",
    `| ${rule.code} | \`${rule.name}\` | ${rule.severity} | ${rule.fixable === "safe" ? "yes" : rule.fixable === "unsafe" ? "unsafe only" : "no"} | ${SCOPE[rule.scope]} |`,
    "",
    "## What it finds",
    "",
    rule.docs.what,
    "",
    "## Why it matters",
    "",
    rule.docs.why,
    "",
    "## Example",
    "",
    `Flagged (${FENCE[rule.docs.example.kind]}):`,
    "",
    "```",
    exampleText(rule.docs.example.bad),
    "```",
    "",
    "Fixed:",
    "",
    "```",
    exampleText(rule.docs.example.good),
    "```",
    "",
    // Other files of the host the example reads (the ipfw rules rc.conf names), shown so the example can be followed.
    ...Object.entries(rule.docs.context?.files ?? {}).flatMap(([path, text]) => [`With ${path}:`, "", "```", exampleText(text), "```", ""]),
    "## Fix",
    "",
    rule.docs.fix,
    "",
  ];
  const options = Object.entries(rule.options ?? {});
  lines.push("## Options", "");
  if (options.length === 0) lines.push("None.", "");
  else {
    lines.push("| option | default | description |", "| --- | --- | --- |");
    for (const [name, o] of options) lines.push(`| \`${name}\` | ${o.default} | ${o.description} |`);
    lines.push("", "Set them in `jaillint.config.json`:", "", "```json");
    lines.push(
      JSON.stringify({ rules: { [rule.code]: { options: Object.fromEntries(options.map(([n, o]) => [n, o.default])) } } }, null, 2),
    );
    lines.push("```", "");
  }
  lines.push(`Turn the rule off with \`"${rule.code}": "off"\` in \`jaillint.config.json\` or \`--rule ${rule.code}=off\`.`, "");
  return lines.join("\n");
}

/** docs/rules/README.md: the index table. */
export function renderRuleIndex(rules: readonly Rule[]): string {
  const rows = rules.map((r) => {
    const summary = r.docs.what.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const short = /^(.+?[.!?])(\s|$)/s.exec(summary)?.[1] ?? summary;
    return `| [${r.code}](${r.code}.md) | \`${r.name}\` | ${r.severity} | ${r.fixable === "safe" ? "yes" : r.fixable === "unsafe" ? "unsafe" : ""} | ${short} |`;
  });
  return [
    "<!-- Generated from the rules' sources by `pnpm docs`: do not edit. -->",
    "# Rules",
    "",
    "Every rule jaillint has. `jaillint rules` prints this list and `jaillint explain CODE` a rule's page.",
    "",
    "| code | name | severity | fixable | what it finds |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** Every generated file, by path relative to the repository root. */
export function ruleDocFiles(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of rules) files.set(`docs/rules/${r.code}.md`, renderRuleDoc(r));
  files.set("docs/rules/README.md", renderRuleIndex(rules));
  return files;
}
