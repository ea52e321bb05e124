import { defineRule } from "../engine/rule.js";

export const pfUndefinedTable = defineRule({
  code: "JL402",
  name: "pf-undefined-table",
  severity: "error",
  fixable: false,
  needs: ["pf"],
  scope: "host",
  docs: {
    what: "A `<table>` used in pf.conf that no `table` statement in the pf.conf files given defines.",
    why: "pfctl does not stop: it creates the table empty. A rule `from <trusted>` then matches nothing until someone runs `pfctl -t trusted -T add`, and after a reboot it is empty again; a pass rule that should let the admins in silently does not, a block rule silently blocks nothing.",
    example: {
      kind: "pf",
      bad: "pass in on em0 proto tcp from <trusted> to port 22\n",
      good: "table <trusted> persist { 198.51.100.7 }\npass in on em0 proto tcp from <trusted> to port 22\n",
    },
    fix: 'Define the table (`table <trusted> persist { … }` or `persist file "/etc/pf.trusted"`), or fix its name.',
  },
  check({ model, report }) {
    const files = model.pfFiles;
    // Another pf file given (an anchor file, an include) may define it.
    // A `table <name>` line that did not parse still names the table meant: JL001 reports that line, and a use of
    // the name is not reported again.
    const definedAnywhere = new Set(files.flatMap((f) => [...f.policy.tables.map((t) => t.name), ...f.policy.unparsedTables]));
    for (const file of files) {
      const blind = file.policy.externalFiles.some((x) => x.kind === "include" || x.kind === "load-anchor");
      for (const ref of file.policy.tableRefs) {
        if (ref.defined || definedAnywhere.has(ref.name) || blind) continue;
        report({
          message: `table <${ref.name}> is used but never defined: pfctl creates it empty, so this rule matches nothing until \`pfctl -t ${ref.name} -T add\`; define it with \`table <${ref.name}> persist { … }\``,
          file: file.file,
          range: ref.range,
        });
      }
    }
  },
});
