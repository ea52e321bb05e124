import { defineRule } from "../engine/rule.js";
import { closestName } from "../util/did-you-mean.js";

export const jailListMismatch = defineRule({
  code: "JL302",
  name: "jail-list-mismatch",
  severity: "error",
  fixable: false,
  needs: ["jail", "rc"],
  scope: "host",
  docs: {
    what: "`jail_list` in rc.conf naming a jail that jail.conf does not define.",
    why: "rc.d/jail starts exactly the jails in `jail_list` (all of jail.conf's when it is empty). A name jail.conf does not define cannot be started: the boot reports an error for it, and when it is a typo the jail meant is not started either. The example's jail.conf defines only `www`.",
    example: { kind: "rc", bad: 'jail_enable="YES"\njail_list="www web"\n', good: 'jail_enable="YES"\njail_list="www"\n' },
    context: { jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n' },
    fix: "Fix the name, define the jail in jail.conf (or /etc/jail.conf.d/NAME.conf), or drop it from `jail_list`.",
  },
  check({ model, report }) {
    const rc = model.rc;
    if (!rc) return;
    const names = model.jails.map((j) => j.name);
    const defined = new Set(names);
    // rc.d/jail parse_options builds a listed jail from jail_<jv>_* variables (JL301's finding) when both
    // jail_<jv>_rootdir and jail_<jv>_hostname are set; otherwise it looks the jail up in jail.conf. `jv` is the
    // name with every non-alphanumeric character made `_`.
    const set = (name: string): boolean => (rc.config.get(name)?.value ?? "") !== "";
    const legacy = new Set(rc.config.legacyJailVariables().map((v) => v.jail));
    for (const w of rc.config.jailList) {
      if (defined.has(w.text)) continue;
      const jv = w.text.replace(/[^A-Za-z0-9]/g, "_");
      if (set(`jail_${jv}_rootdir`) && set(`jail_${jv}_hostname`)) continue;
      const guess = closestName(w.text, names);
      const hint = legacy.has(jv)
        ? `; rc.d/jail builds it from jail_${jv}_* variables only when jail_${jv}_rootdir and jail_${jv}_hostname are both set`
        : guess
          ? `; did you mean "${guess}"?`
          : "; define it or drop it from jail_list";
      report({
        message: `jail_list names "${w.text}", which jail.conf does not define: rc.d/jail cannot start it${hint}`,
        file: w.source.file,
        range: w.source.range,
      });
    }
  },
});
