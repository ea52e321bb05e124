import { defineRule } from "../engine/rule.js";
import { resolveProblemsFor } from "../model/resolve-problem-codes.js";

export const includeProblem = defineRule({
  code: "JL005",
  name: "include-problem",
  severity: "error",
  fixable: false,
  // jail.conf, pf.conf and rc.conf each have files that must exist: the checks below read only what was given.
  needs: [],
  scope: "file",
  docs: {
    what: "An `.include` in jail.conf or an `include` in pf.conf of a file that does not exist or cannot be read, an include cycle or a chain deeper than 32 files, a `mount.fstab` file that does not exist. (An rc.conf `pf_rules` file that does not exist is JL304's.)",
    why: 'jail(8) exits before starting any jail when a non-glob `.include` names a missing file (`No such file or directory`) and when includes loop (`maximum include depth exceeded`); a missing `mount.fstab` file fails the jail that names it. pfctl fails with "failed to include file" and loads none of the rules when an `include` cannot be opened (sbin/pfctl/parse.y, the `include` production and `pushfile`). pfctl opens the path as written, so a relative path is relative to its working directory, not to the including file: rc.d/pf runs from `/`, so `include "pf.macros"` in /etc/pf.conf reads /pf.macros. pushfile has no cycle check: an include loop reopens the files until pfctl can open no more.',
    example: { kind: "jail", bad: '.include "/etc/jail.conf.d/missing.conf";\n', good: '.include "/etc/jail.conf.d/*.conf";\n' },
    fix: "Correct the path, create the file, or include through a glob (`/etc/jail.conf.d/*.conf`, or `jail[.]conf` for one optional file): a pattern that matches nothing is skipped. In pf.conf, write the include path absolute. Break cycles by removing one include.",
  },
  check({ model, report }) {
    for (const p of resolveProblemsFor(model, "JL005")) report({ message: p.message, file: p.file, range: p.range });
    for (const p of model.pfIncludeProblems) report({ message: p.message, file: p.file, range: p.range });
    for (const p of model.fstabProblems) {
      report({
        message: `mount.fstab file ${p.path} ${p.detail}: jail(8) fails jail "${p.jail}"; correct the path or create the file`,
        file: p.file,
        range: p.range,
      });
    }
  },
});
