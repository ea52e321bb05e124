import { defineRule } from "../engine/rule.js";
import { closestName } from "../util/did-you-mean.js";

export const pfUndefinedMacro = defineRule({
  code: "JL401",
  name: "pf-undefined-macro",
  severity: "error",
  fixable: false,
  needs: ["pf"],
  scope: "host",
  docs: {
    what: 'A `$macro` used in pf.conf before (or without) its definition, in the file or on pfctl\'s command line (`pf_flags="-D name=value"` in rc.conf).',
    why: 'pfctl expands macros as it reads (sbin/pfctl/parse.y `yylex`), so a macro used before it is defined, or never defined, stops it with "macro \'name\' not defined" and the whole ruleset is not loaded: the host keeps its old rules, or none at boot. Macros can also come from the command line: libexec/rc/rc.d/pf runs `pfctl -f "$pf_rules" $pf_flags`, and each `-D name=value` in pf_flags defines a macro before the file is read (parse.y `pfctl_cmdline_symset`; such a macro is persistent, a definition in the file does not replace it). jaillint reads pf_flags when rc.conf is given; when pf.conf is linted without rc.conf, the message says that pf_flags could define the macro.',
    example: {
      kind: "pf",
      bad: "pass in on $ext_if proto tcp to port 22\n",
      good: 'ext_if = "em0"\npass in on $ext_if proto tcp to port 22\n',
    },
    fix: 'Define the macro above its first use (`ext_if = "em0"`), or fix the name.',
  },
  check({ model, report }) {
    for (const file of model.pfFiles) {
      // A file pulled in with `include` that was not given may define it; stay silent after such an include.
      const blind = file.policy.externalFiles.filter((x) => x.kind === "include").map((x) => x.range.start);
      const firstBlind = blind.length > 0 ? Math.min(...blind) : Number.POSITIVE_INFINITY;
      const defined = new Set(file.policy.macros.map((m) => m.name));
      for (const ref of file.policy.macroRefs) {
        if (ref.defined || ref.range.start > firstBlind) continue;
        // Macro names are short and often differ by design (ext_if, int_if): suggest only a one-letter slip.
        const near = defined.has(ref.name) ? undefined : closestName(ref.name, [...defined], 1);
        const todo = defined.has(ref.name)
          ? "move its definition up"
          : near
            ? `did you mean $${near}? Otherwise define it above this line`
            : "define it above this line";
        // Without rc.conf, pf_flags is unknown: `-D name=value` there would define it (rc.d/pf passes pf_flags to pfctl).
        const flags = model.rc === undefined ? `, unless pfctl is run with -D ${ref.name}=… (rc.conf pf_flags)` : "";
        report({
          message: `macro $${ref.name} is ${defined.has(ref.name) ? "used before it is defined" : "never defined"}: pfctl stops with "macro '${ref.name}' not defined" and loads none of the rules${flags}; ${todo}`,
          file: file.file,
          range: ref.range,
        });
      }
    }
  },
});
