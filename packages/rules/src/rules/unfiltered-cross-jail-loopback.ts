import type { RelatedLocation } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import { addressKey } from "../model/jail-network.js";
import { loopbackReachability, type ReachSource } from "../model/jail-reachability.js";

function sources(count: number, sample: readonly ReachSource[]): string {
  const named = sample.map((s) => `"${s.jail}" (${s.address})`);
  const shown = count > sample.length ? named.slice(0, 3) : named;
  const rest = count - shown.length;
  if (shown.length === 1 && rest === 0) return `jail ${shown[0]}`;
  if (rest > 0) return `jails ${shown.join(", ")} and ${rest} more`;
  return `jails ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

export const unfilteredCrossJailLoopback = defineRule({
  code: "JL202",
  name: "unfiltered-cross-jail-loopback",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  docs: {
    what: "Jails with loopback aliases (127.0.1.N on lo1) that can open connections to each other: pf is not enabled, the interface is skipped, or the rules pass the traffic.",
    why: "Per-jail loopback addresses are meant to keep each jail's local services to itself, but every jail can address every other jail's lo1 alias. Only pf stands between them: it sees such a packet out on the destination's loopback interface and then in on it, and the first packet must be passed both times (last matching rule wins unless `quick`). The linter cannot know which services listen, so it says \"can reach\" (a warning, not an error): a database or cache bound to its jail's loopback, without authentication, is then open to every other jail. The example's pf.conf passes everything (`pass all`); rc.conf enables pf.",
    example: {
      kind: "pf",
      bad: "set skip on lo0\npass all\n",
      good: "set skip on lo0\npass all\nblock in quick on lo1 from lo1 to lo1\n",
    },
    context: {
      jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
      rc: 'cloned_interfaces="lo1"\npf_enable="YES"\n',
    },
    fix: 'Enable pf (`pf_enable="YES"`), do not skip `lo` or `lo1`, and block between the jails\' loopback addresses (`block in quick on lo1 from lo1 to lo1`, after passing each jail to itself if it talks to its own localhost: `pass in quick on lo1 from 127.0.1.1 to 127.0.1.1`); pass only the pairs that must talk.',
  },
  check({ model, report }) {
    for (const r of loopbackReachability(model)) {
      if (!model.pf && r.unknown) {
        // rc.conf enables pf but its rules were not given: say once that this was not checked.
        report({
          message: `could not check whether jails reach each other's loopback addresses (jail "${r.destination.name}" and others on ${r.iface}): rc.conf enables pf, but pf.conf was not given`,
          file: r.entry.file,
          range: r.entry.range,
          severity: "info",
        });
        return;
      }
      const where = `${addressKey(r.entry)} on ${r.iface}`;
      const name = r.destination.name;
      if (r.passed) {
        const related: RelatedLocation[] = r.passed.how.evidence.map((e) => ({ file: e.file, range: e.range, message: e.message }));
        const todo =
          r.passed.how.cause === "pf-disabled"
            ? 'enable pf (pf_enable="YES") with rules that block between the jails\' loopback addresses'
            : r.passed.how.cause === "skipped"
              ? `stop skipping ${r.iface} and block between the jails' loopback addresses in pf`
              : "block traffic between the jails' loopback addresses in pf";
        report({
          message: `jail "${name}" (${where}) can be reached from ${sources(r.passed.count, r.passed.sample)}: ${r.passed.how.reason}; ${todo}`,
          file: r.entry.file,
          range: r.entry.range,
          ...(related.length > 0 ? { related } : {}),
        });
      } else if (r.unknown) {
        const related: RelatedLocation[] = r.unknown.how.evidence.map((e) => ({ file: e.file, range: e.range, message: e.message }));
        report({
          message: `could not decide whether ${sources(r.unknown.count, r.unknown.sample)} can reach jail "${name}" (${where}): ${r.unknown.how.reason}`,
          file: r.entry.file,
          range: r.entry.range,
          severity: "info",
          ...(related.length > 0 ? { related } : {}),
        });
      }
    }
  },
});
