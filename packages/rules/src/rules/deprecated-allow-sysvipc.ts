import { replaceStatement } from "../engine/fixes.js";
import { defineRule } from "../engine/rule.js";
import { decidingStatement, jailBool, jailString } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

/** What each module parameter shares when allow.sysvipc decides it (jail(8): allow.sysvipc means all three `inherit`). */
const MODULES = [
  ["sysvmsg", "message queues"],
  ["sysvsem", "semaphores"],
  ["sysvshm", "shared memory"],
] as const;

const REPLACEMENT = "sysvmsg = new; sysvsem = new; sysvshm = new;";

export const deprecatedAllowSysvipc = defineRule({
  code: "JL101",
  name: "deprecated-allow-sysvipc",
  severity: "warning",
  fixable: "safe",
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A jail whose effective `allow.sysvipc` is enabled (`allow.sysvipc;`, `= 1`, `= true`) and decides at least one of `sysvmsg`, `sysvsem`, `sysvshm` (the jail does not set it itself). The disabled forms (`allow.nosysvipc`, `allow.sysvipc = 0` or `false`) are not reported: they ask for what a new jail gets anyway, no System V IPC.",
    why: "jail(8) documents `allow.sysvipc` as deprecated in favour of the per-module parameters: set, it is the same as setting `sysvmsg`, `sysvsem` and `sysvshm` to `inherit` (msg_prison_set() and its twins in sys/kern/sysv_msg.c, sysv_sem.c and sysv_shm.c read it only for a module not given explicitly). The jail then shares the host's single System V IPC namespace: every message queue, semaphore and shared memory segment of the host and of every other such jail is visible to it (PostgreSQL's shared memory, for example). Since FreeBSD 11 each jail can have its own namespace instead (`new`).",
    example: {
      kind: "jail",
      bad: "db {\n  allow.sysvipc;\n  persist;\n}\n",
      good: "db {\n  sysvmsg = new;\n  sysvsem = new;\n  sysvshm = new;\n  persist;\n}\n",
    },
    fix: "Replace it with `sysvmsg = new; sysvsem = new; sysvshm = new;` (what `--fix` writes): the jail keeps System V IPC, in a namespace of its own. The fix is unsafe when the statement is in a global or wildcard section that some jail turns off again (`allow.nosysvipc`): the explicit parameters would win over that jail's setting.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    // Statements some jail overrides: replacing them by explicit module parameters would override that jail back.
    const overriddenSomewhere = new Set<string>();
    const key = (file: string, start: number) => `${file}\0${start}`;
    for (const jail of ctx.model.jails) {
      for (const sp of jail.params.get("allow.sysvipc")?.overridden ?? []) overriddenSomewhere.add(key(sp.file, sp.statement.range.start));
    }
    for (const jail of ctx.model.jails) {
      const b = jailBool(jail, "allow.sysvipc");
      const sp = b?.value ? decidingStatement(b.param) : undefined;
      if (!sp) continue;
      const shared = MODULES.filter(([param]) => !jailString(jail, param)).map(([, what]) => what);
      if (shared.length === 0) continue; // every module is set explicitly, so allow.sysvipc decides nothing
      const st = sp.statement;
      const safety = overriddenSomewhere.has(key(sp.file, st.range.start)) ? "unsafe" : "safe";
      const what = shared.length === 3 ? "System V IPC (messages, semaphores, shared memory)" : `System V ${shared.join(" and ")}`;
      grouped.add(sp.file, st.range, jail.name, (jails) => ({
        message: `"${st.name}" is deprecated and shares the host's ${what} with ${jails} and every other such jail: use \`${REPLACEMENT}\` for a private namespace`,
        fix: replaceStatement(st, REPLACEMENT, `replace with ${REPLACEMENT}`, safety),
      }));
    }
    grouped.flush(ctx);
  },
});
