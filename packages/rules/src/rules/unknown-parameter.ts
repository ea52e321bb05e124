import { allJailParamNames, lookupJailParam, paramAvailableIn } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { allParamStatements } from "../model/statements.js";
import { closestName } from "../util/did-you-mean.js";

export const unknownParameter = defineRule({
  code: "JL002",
  name: "unknown-parameter",
  severity: "error",
  fixable: "unsafe",
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A parameter that neither jail(8) nor the kernel knows, such as a misspelt `host.hostnme`, or one the chosen FreeBSD release does not have yet (`meta.*`/`env.*` need 15.0).",
    why: "jail(8) passes unknown names to libjail, which fails with `unknown parameter: NAME` and the jail does not start. A typo in a security parameter (`enforce_statfs`, `securelevel`) would otherwise be silently lost in review.",
    example: {
      kind: "jail",
      bad: 'www {\n  host.hostnme = "www.example.org";\n  persist;\n}\n',
      good: 'www {\n  host.hostname = "www.example.org";\n  persist;\n}\n',
    },
    fix: "Correct the name (the message suggests the closest known one, offered as an unsafe fix), or remove the line. Variables are written with a `$` (`$myvar = …;`).",
  },
  check({ model, report }) {
    const names = allJailParamNames();
    for (const sp of allParamStatements(model)) {
      const st = sp.statement;
      if (st.isVariable) continue;
      const found = lookupJailParam(st.name);
      if (found && paramAvailableIn(found.info, model.freebsd)) continue;
      if (found) {
        report({
          message: `parameter "${st.name}" needs FreeBSD ${found.info.since}.0 or later; FreeBSD ${model.freebsd} fails with "unknown parameter: ${st.name}"`,
          file: sp.file,
          range: st.nameRange,
        });
        continue;
      }
      if (st.name === ".include") {
        report({
          message: '`.include` takes the file name without `=` or `+=`: write `.include "/etc/jail.conf.d/*.conf";`',
          file: sp.file,
          range: st.nameRange,
        });
        continue;
      }
      const suggestion = closestName(st.name, names);
      const fix = suggestion
        ? {
            description: `rename to ${suggestion}`,
            safety: "unsafe" as const,
            edits: [{ start: st.nameRange.start, end: st.nameRange.end, newText: suggestion }],
          }
        : undefined;
      const hint = suggestion ? `did you mean "${suggestion}"?` : "check the spelling against jail(8), or write `$name` for a variable";
      report({
        message: `unknown parameter "${st.name}": jail(8) fails with "unknown parameter"; ${hint}`,
        file: sp.file,
        range: st.nameRange,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
