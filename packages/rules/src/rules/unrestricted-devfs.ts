import { defineRule } from "../engine/rule.js";
import { jailBool, jailInt } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

export const unrestrictedDevfs = defineRule({
  code: "JL106",
  name: "unrestricted-devfs",
  severity: "error",
  fixable: "unsafe",
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A jail that mounts devfs (`mount.devfs`) with `devfs_ruleset = 0`.",
    why: "Ruleset 0 means no ruleset: the jail's /dev shows every device node of the host, raw disks included. jail(8) warns that access to disk devices lets jailed processes escape the jail. Without `devfs_ruleset`, jail(8) applies ruleset 4 (devfsrules_jail), which is safe.",
    example: {
      kind: "jail",
      bad: "www {\n  mount.devfs;\n  devfs_ruleset = 0;\n  persist;\n}\n",
      good: "www {\n  mount.devfs;\n  devfs_ruleset = 4;\n  persist;\n}\n",
    },
    fix: "Set `devfs_ruleset = 4;` (devfsrules_jail), or a custom ruleset from /etc/devfs.rules that unhides only what the jail needs. The fix is offered as unsafe: a jail that really uses a device will lose it.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      if (jailBool(jail, "mount.devfs")?.value !== true) continue;
      const rs = jailInt(jail, "devfs_ruleset");
      if (rs?.value !== 0) continue;
      const { at } = rs;
      grouped.add(at.file, at.range, jail.name, (jails) => ({
        message: `devfs_ruleset = 0 with mount.devfs gives ${jails} every device node of the host, raw disks included: use devfs_ruleset = 4 (devfsrules_jail) or a stricter ruleset`,
        fix: {
          description: "use devfs_ruleset = 4",
          safety: "unsafe",
          edits: [{ start: at.range.start, end: at.range.end, newText: "4" }],
        },
      }));
    }
    grouped.flush(ctx);
  },
});
