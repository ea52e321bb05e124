import { defineRule } from "../engine/rule.js";
import { lastValue } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

const keys = ["sysvmsg", "sysvsem", "sysvshm"] as const;
const what = { sysvmsg: "message queues", sysvsem: "semaphores", sysvshm: "shared memory" };

export const sharedSysvipc = defineRule({
  code: "JL102",
  name: "shared-sysvipc",
  severity: "warning",
  fixable: "safe",
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "`sysvmsg`, `sysvsem` or `sysvshm` set to `inherit` for a jail.",
    why: "With `inherit` the jail uses the host's System V IPC namespace: it sees, and as root can read and remove, every IPC object of the host and of every other inheriting jail. With `new` it gets a namespace of its own, which is what PostgreSQL and similar daemons need.",
    example: { kind: "jail", bad: "db {\n  sysvshm = inherit;\n  persist;\n}\n", good: "db {\n  sysvshm = new;\n  persist;\n}\n" },
    fix: "Set the parameter to `new` (the fix does this).",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      for (const key of keys) {
        const param = jail.params.get(key);
        const v = param && lastValue(param);
        if (!v || v.unresolved || !["inherit", "2"].includes(v.text.toLowerCase())) continue;
        grouped.add(v.file, v.range, jail.name, (jails) => ({
          message: `${key} = inherit shares the host's System V ${what[key]} with ${jails} and every other inheriting jail: set ${key} = new`,
          fix: { description: `set ${key} = new`, safety: "safe", edits: [{ start: v.range.start, end: v.range.end, newText: "new" }] },
        }));
      }
    }
    grouped.flush(ctx);
  },
});
