import { indentAt } from "../engine/fixes.js";
import { defineRule } from "../engine/rule.js";
import { jailInt } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

/** securelevel 3: immutable files stay immutable and the firewall rules cannot change from inside. */
const DEFAULT_MINIMUM = 3;

export const lowSecurelevel = defineRule({
  code: "JL103",
  name: "low-securelevel",
  severity: "warning",
  fixable: "unsafe",
  needs: ["jail"],
  options: { minimum: { description: "The lowest securelevel accepted (-1 to 3).", default: DEFAULT_MINIMUM, min: -1, max: 3 } },
  docs: {
    what: "A jail whose effective `securelevel` is below the configured minimum (3 by default), or that sets none.",
    why: "Without `securelevel` a jail inherits the host's, which is -1 (off) on most hosts: jail root can then clear immutable flags, write to raw disks it can see and load firewall rules. A jail can never lower its level, so setting it in jail.conf is the only reliable place. At 3 the jail's files marked `schg` stay immutable and its pf/ipfw rules cannot be changed from inside.",
    example: { kind: "jail", bad: "www {\n  securelevel = 1;\n  persist;\n}\n", good: "www {\n  securelevel = 3;\n  persist;\n}\n" },
    fix: "Set `securelevel = 3;` globally or per jail (the fix is offered as unsafe: a higher level can stop software that changes file flags or clocks). Lower it per jail only where that software needs it, and say why in a comment, or raise the `minimum` option.",
  },
  check(ctx) {
    const minimum = ctx.options.minimum ?? DEFAULT_MINIMUM;
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      const level = jailInt(jail, "securelevel");
      if (level) {
        if (level.value >= minimum) continue;
        const { at } = level;
        grouped.add(at.file, at.range, jail.name, (jails) => ({
          message: `securelevel ${level.value} for ${jails} is below ${minimum}: jail root can clear immutable flags and change firewall rules; set securelevel = ${minimum}`,
          fix: {
            description: `set securelevel = ${minimum}`,
            safety: "unsafe",
            edits: [{ start: at.range.start, end: at.range.end, newText: String(minimum) }],
          },
        }));
        continue;
      }
      if (jail.params.has("securelevel")) continue; // set through an unresolved variable: JL004 says so
      // An inherited level is never below -1: with that minimum a jail without one is fine.
      if (minimum <= -1) continue;
      const block = jail.block;
      if (!block) continue;
      const text = ctx.model.texts.get(jail.file) ?? "";
      const brace = text.indexOf("{", block.nameRange.end);
      const first = block.body[0];
      const indent = first ? indentAt(text, first.range.start) : `${indentAt(text, block.range.start)}    `;
      grouped.add(jail.file, block.nameRange, jail.name, () => ({
        message: `jail "${jail.name}" sets no securelevel, so it inherits the host's (usually -1: no protection); add securelevel = ${minimum}; to the jail or the global section`,
        ...(brace !== -1
          ? {
              fix: {
                description: `add securelevel = ${minimum};`,
                safety: "unsafe" as const,
                edits: [{ start: brace + 1, end: brace + 1, newText: `\n${indent}securelevel = ${minimum};` }],
              },
            }
          : {}),
      }));
    }
    grouped.flush(ctx);
  },
});
