import { defineRule } from "../engine/rule.js";

/**
 * Reported by the suppression stage (engine/suppressions.ts via lint-host.ts), not by `check`: it is a rule in
 * the registry so that the configuration and baselines treat it like any other.
 */
export const suppressionProblem = defineRule({
  code: "JL000",
  name: "suppression-problem",
  severity: "info",
  fixable: false,
  needs: [],
  scope: "host",
  docs: {
    what: "A `jaillint-disable-next-line`, `jaillint-disable` or `jaillint-enable` comment that suppresses nothing, names an unknown rule, or has no matching `jaillint-disable`; with `--require-suppression-reason`, a suppression without `-- reason`; with `--no-inline-suppressions`, every suppression comment.",
    why: 'A suppression outlives the finding it was written for: once the configuration is fixed or the line moves, a stale comment silently hides the next real problem on that line. Suppressions are also policy: an organisation may want each one justified, or none at all (then findings are accepted in the reviewed configuration file or a baseline). It has a code of its own, JL000, so that it can be configured (`"JL000": "off"`) and baselined like every other rule; JL000 itself cannot be suppressed by a comment. Unused suppressions are `info`; missing reasons and forbidden suppressions are `error`, because the flags that ask for them are a gate.',
    example: {
      kind: "jail",
      bad: "# jaillint-disable-next-line JL103 -- build jail needs to change file flags\nwww {\n  securelevel = 3;\n  persist;\n}\n",
      good: "www {\n  securelevel = 3;\n  persist;\n}\n",
    },
    fix: "Remove the comment (or the codes in it that suppress nothing), correct the rule code, or add `-- reason` after the codes. Write suppressions as `# jaillint-disable-next-line JL103 -- why` above the line, or `# jaillint-disable JL201 -- why` … `# jaillint-enable JL201` around a block.",
  },
  check() {
    // Reported by the suppression stage after every other rule has run.
  },
});
