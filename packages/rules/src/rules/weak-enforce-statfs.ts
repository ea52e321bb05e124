import { defineRule } from "../engine/rule.js";
import { jailBool, jailInt } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

export const weakEnforceStatfs = defineRule({
  code: "JL105",
  name: "weak-enforce-statfs",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A jail whose effective `enforce_statfs` is 0 or 1 (the default is 2).",
    why: "At 0 the jail sees every mount point of the host, with their paths; at 1 those below its root. Either leaks the host's layout and other jails' file systems, and it is the precondition for mounting inside the jail (`allow.mount.*` only works below 2).",
    example: { kind: "jail", bad: "www {\n  enforce_statfs = 0;\n  persist;\n}\n", good: "www {\n  enforce_statfs = 2;\n  persist;\n}\n" },
    fix: "Remove the line or set `enforce_statfs = 2;`. A jail that must mount file systems itself (`allow.mount.*`) needs 1: keep 1 there only, never 0.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      const level = jailInt(jail, "enforce_statfs");
      if (!level || level.value >= 2 || level.value < 0) continue;
      const mounts = jailBool(jail, "allow.mount")?.value === true;
      grouped.add(level.at.file, level.at.range, jail.name, (jails) => ({
        message:
          level.value === 0
            ? `enforce_statfs = 0 shows ${jails} every mount point of the host: set enforce_statfs = 2${mounts ? " (or 1, the least allow.mount needs)" : ""}`
            : `enforce_statfs = 1 shows ${jails} the mount points below the jail's own root${mounts ? ": allow.mount needs it, but make sure the jail must mount file systems itself" : ": set enforce_statfs = 2"}`,
      }));
    }
    grouped.flush(ctx);
  },
});
