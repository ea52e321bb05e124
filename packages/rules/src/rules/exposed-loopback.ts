import type { Fix } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import { addressKey, type JailAddressEntry } from "../model/jail-network.js";
import { GroupedReport } from "../util/grouped-report.js";

/**
 * When a loopback item is already in the list but not first, swapping it with the first item makes it the primary:
 * both items keep their text, only their order changes.
 */
function reorderFix(
  list: readonly JailAddressEntry[],
  primary: JailAddressEntry,
  texts: ReadonlyMap<string, string>,
  isLoopback: (ifname: string) => boolean,
): Fix | undefined {
  const lo = list.find(
    (e) =>
      e.index > 0 &&
      e.ip !== undefined &&
      e.scope !== "global" &&
      e.interface !== undefined &&
      isLoopback(e.interface) &&
      addressKey(e) !== "127.0.0.1" &&
      addressKey(e) !== "::1",
  );
  if (!lo?.exact || !primary.exact || lo.file !== primary.file) return undefined;
  const text = texts.get(lo.file);
  if (text === undefined) return undefined;
  return {
    description: `list ${lo.raw} first`,
    safety: "safe",
    edits: [
      { start: primary.range.start, end: primary.range.end, newText: text.slice(lo.range.start, lo.range.end) },
      { start: lo.range.start, end: lo.range.end, newText: text.slice(primary.range.start, primary.range.end) },
    ],
  };
}

export const exposedLoopback = defineRule({
  code: "JL201",
  name: "exposed-loopback",
  severity: "error",
  fixable: "safe",
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "A jail whose primary IPv4 (or IPv6) address, the first one listed, is a global address, and which does not hold 127.0.0.1 (::1) itself.",
    why: "Inside such a jail the kernel rewrites 127.0.0.1 (and ::1) to the jail's primary address (in_jail.c prison_local_ip4/prison_remote_ip4). A daemon that binds localhost to be local-only listens on the public address instead, and faces the network; clients in the jail still reach it, so nothing looks wrong.",
    example: {
      kind: "jail",
      bad: 'www {\n  ip4.addr = "em0|203.0.113.10", "lo1|127.0.1.10/32";\n}\n',
      good: 'www {\n  ip4.addr = "lo1|127.0.1.10/32", "em0|203.0.113.10";\n}\n',
    },
    fix: "List a private loopback alias of the jail's own first (`lo1|127.0.1.N/32`, with `lo1` in rc.conf's `cloned_interfaces`), so localhost stays on the host. Better still, give the jail only that address and bring its public port in with a pf `rdr` on the host. When a loopback alias is already listed later, `--fix` moves it to the front.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      for (const [list, primary, lo] of [
        [j.ip4, j.primaryIp4, "127.0.0.1"],
        [j.ip6, j.primaryIp6, "::1"],
      ] as const) {
        if (primary?.scope !== "global") continue;
        if (list.some((e) => e.ip && addressKey(e) === lo)) continue;
        const fix = reorderFix(list, primary, ctx.model.texts, ctx.model.network.isLoopback);
        const family = lo === "::1" ? "ip6.addr" : "ip4.addr";
        grouped.add(primary.file, primary.range, j.name, (jails) => ({
          message: `inside ${jails}, ${lo} is rewritten to the primary address ${addressKey(primary)} (the first in ${family}), a global address: a daemon bound to localhost faces the network; list a private loopback such as "lo1|${lo === "::1" ? "fd00::N" : "127.0.1.N"}/${lo === "::1" ? "128" : "32"}" first`,
          ...(fix ? { fix } : {}),
        }));
      }
    }
    grouped.flush(ctx);
  },
});
