import { exampleText, type Rule } from "@jaillint/rules";
import pc from "picocolors";

/** `jaillint explain CODE`: the rule's full documentation, as in docs/rules/CODE.md. */
export function explainRule(rule: Rule, color: boolean): string {
  const c = pc.createColors(color);
  const lines = [
    c.bold(`${rule.code} ${rule.name}`) + c.dim(`  (${rule.severity}${fixLabel(rule, ", ")})`),
    "",
    c.bold("What it finds"),
    rule.docs.what,
    "",
    c.bold("Why it matters"),
    rule.docs.why,
    "",
    c.bold("Example"),
    ...exampleText(rule.docs.example.bad)
      .split("\n")
      .map((l) => `  ${c.red("-")} ${l}`),
    "",
    ...exampleText(rule.docs.example.good)
      .split("\n")
      .map((l) => `  ${c.green("+")} ${l}`),
    "",
    c.bold("Fix"),
    rule.docs.fix,
  ];
  if (rule.options) {
    lines.push("", c.bold("Options"));
    for (const [name, o] of Object.entries(rule.options)) lines.push(`  ${name} (default ${o.default}): ${o.description}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `jaillint rules`: one line per rule. */
export function listRules(rules: readonly Rule[], color: boolean): string {
  const c = pc.createColors(color);
  const rows = rules.map((r) => `${c.bold(r.code)}  ${r.name.padEnd(32)} ${r.severity.padEnd(8)} ${fixLabel(r, "")}`.trimEnd());
  return `${c.dim(`${"CODE".padEnd(5)}  ${"NAME".padEnd(32)} ${"SEVERITY".padEnd(8)} FIX`)}\n${rows.join("\n")}\n`;
}

/** `fixable`, or `fixable (unsafe)` when --fix applies it only with --unsafe-fixes. */
export function fixLabel(rule: Rule, prefix: string): string {
  if (!rule.fixable) return "";
  return `${prefix}fixable${rule.fixable === "unsafe" ? " (unsafe)" : ""}`;
}
