import { lookupJailParam } from "@jaillint/parser";
import { replaceStatement } from "../engine/fixes.js";
import { defineRule } from "../engine/rule.js";
import { parseJailBool } from "../model/jail-params.js";
import { allParamStatements, literalValues } from "../model/statements.js";

export const deprecatedAllowSysvipc = defineRule({
  code: "JL101",
  name: "deprecated-allow-sysvipc",
  severity: "warning",
  fixable: "safe",
  needs: ["jail"],
  docs: {
    what: "`allow.sysvipc` (or `allow.nosysvipc`) in any form.",
    why: "jail(8) documents `allow.sysvipc` as deprecated: it is the same as setting `sysvmsg`, `sysvsem` and `sysvshm` to `inherit`, which puts the jail in the host's single System V IPC namespace. Every message queue, semaphore and shared memory segment of the host and of every other such jail is visible to it (PostgreSQL's shared memory, for example). Since FreeBSD 11 each jail can have its own namespace instead.",
    example: {
      kind: "jail",
      bad: "db {\n  allow.sysvipc;\n  persist;\n}\n",
      good: "db {\n  sysvmsg = new;\n  sysvsem = new;\n  sysvshm = new;\n  persist;\n}\n",
    },
    fix: "Replace it with `sysvmsg = new; sysvsem = new; sysvshm = new;` (what `--fix` writes): the jail keeps System V IPC, in a namespace of its own. `allow.nosysvipc` becomes the three set to `disable`.",
  },
  check({ model, report }) {
    for (const sp of allParamStatements(model)) {
      const st = sp.statement;
      const found = st.isVariable ? undefined : lookupJailParam(st.name);
      if (found?.canonical !== "allow.sysvipc") continue;
      const values = literalValues(sp);
      const last = values?.[values.length - 1];
      const parsed = last === undefined ? true : parseJailBool(last);
      const enabled = parsed === undefined ? undefined : found.negated ? !parsed : parsed;
      if (enabled === undefined || !values) {
        report({
          message: `"${st.name}" is deprecated: set sysvmsg, sysvsem and sysvshm explicitly instead`,
          file: sp.file,
          range: st.nameRange,
        });
        continue;
      }
      const mode = enabled ? "new" : "disable";
      const replacement = `sysvmsg = ${mode}; sysvsem = ${mode}; sysvshm = ${mode};`;
      const message = enabled
        ? `"${st.name}" is deprecated and shares the host's System V IPC (messages, semaphores, shared memory) with this jail and every other such jail: use \`${replacement}\` for a private namespace`
        : `"${st.name}" is deprecated: write \`${replacement}\` instead`;
      report({ message, file: sp.file, range: st.range, fix: replaceStatement(st, replacement, `replace with ${replacement}`) });
    }
  },
});
