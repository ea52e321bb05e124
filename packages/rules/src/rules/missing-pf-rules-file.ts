import { defineRule } from "../engine/rule.js";

export const missingPfRulesFile = defineRule({
  code: "JL304",
  name: "missing-pf-rules-file",
  severity: "error",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: 'rc.conf sets `pf_enable="YES"` and a `pf_rules` file that the host does not have (or that cannot be read).',
    why: 'libexec/rc/rc.d/pf sets `required_files="$pf_rules"`, and rc.subr\'s `run_rc_command` refuses to start a service whose required file is not readable: at boot pf is not started at all, so none of its rules (nat for the jails, blocks between them) apply although pf_enable is YES. A relative pf_rules is read from `/`: rc(8) runs rc.d scripts from there, and service(8) does `cd /` first (usr.sbin/service/service.sh). The check runs only on a whole host tree, where a file that is not there is really missing.',
    example: {
      kind: "rc",
      bad: 'pf_enable="YES"\npf_rules="/etc/pf.jails.conf"\n',
      good: 'pf_enable="YES"\npf_rules="/etc/pf.conf"\n',
    },
    context: { pf: "pass all\n" },
    fix: "Correct `pf_rules` to the file that holds the rules, or create the file.",
  },
  check({ model, report }) {
    const pr = model.pfRulesProblem;
    if (!pr) return;
    report({
      message: `pf_rules names ${pr.path}, which ${pr.detail}: rc.d/pf requires that file, so pf is not started at boot although pf_enable is YES; fix the path or create the file`,
      file: pr.file,
      range: pr.range,
    });
  },
});
