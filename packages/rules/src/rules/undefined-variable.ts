import { defineRule } from "../engine/rule.js";
import { resolveProblemsFor } from "../model/resolve-problem-codes.js";

export const undefinedVariable = defineRule({
  code: "JL004",
  name: "undefined-variable",
  severity: "error",
  fixable: false,
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A `$x` or `${x}` reference with no definition visible in the jail that uses it (neither a `$x` variable nor a parameter `x` of that jail after wildcard merging), a variable defined without a value, or variables that refer to each other in a loop.",
    why: 'jail(8) expands references per jail after merging the global and wildcard sections; an undefined one fails that jail with `variable "x" not found`. A reference in a wildcard section can work for one jail and fail for another.',
    example: {
      kind: "jail",
      bad: 'path = "/jails/$name";\nwww {\n  host.hostname = "$name.$domain";\n  persist;\n}\n',
      good: '$domain = "example.org";\npath = "/jails/$name";\nwww {\n  host.hostname = "$name.$domain";\n  persist;\n}\n',
    },
    fix: 'Define the variable (`$domain = "example.org";`) at the top or in the jail, or correct its name. `$name` cannot hold dots: write `${host.hostname}` for a dotted parameter.',
  },
  check({ model, report }) {
    for (const p of resolveProblemsFor(model, "JL004")) report({ message: p.message, file: p.file, range: p.range });
  },
});
