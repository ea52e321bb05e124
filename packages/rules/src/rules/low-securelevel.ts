import type { EffectiveJail } from "@jaillint/parser";
import { indentAt } from "../engine/fixes.js";
import { defineRule } from "../engine/rule.js";
import type { HostModel } from "../model/host-model.js";
import { jailBool, jailInt } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

/** securelevel 3: the level the jail guides recommend, and the one that also locks a VNET jail's firewall. */
const DEFAULT_MINIMUM = 3;

/**
 * Something root in this jail may do that the kernel refuses only from a securelevel up. Without one of these a
 * low level leaves nothing open that jaillint knows of: the kernel denies the other securelevel-guarded acts
 * (kldload, settime, /dev/mem writes) to every jail in prison_priv_check().
 */
interface Exposure {
  /** The lowest securelevel that stops it. */
  readonly blockedFrom: number;
  readonly text: string;
}

function exposures(model: HostModel, jail: EffectiveJail): Exposure[] {
  const out: Exposure[] = [];
  // ufs_setattr()/zfs_freebsd_setattr(): with PRIV_VFS_SYSFLAGS (allow.chflags), system flags may change only at level <= 0.
  if (jailBool(jail, "allow.chflags")?.value)
    out.push({ blockedFrom: 1, text: "allow.chflags lets root in it clear the schg and sappnd flags (refused from securelevel 1)" });
  // g_dev_open() refuses to open any disk for writing from level 2; devfs_ruleset = 0 shows the host's disks.
  const ruleset = jailInt(jail, "devfs_ruleset")?.value;
  const mountsDevfs =
    jailBool(jail, "mount.devfs")?.value === true ||
    (jailBool(jail, "allow.mount.devfs")?.value === true &&
      jailBool(jail, "allow.mount")?.value === true &&
      (jailInt(jail, "enforce_statfs")?.value ?? 2) < 2);
  if (mountsDevfs && ruleset === 0)
    out.push({ blockedFrom: 2, text: "devfs_ruleset = 0 lets root in it open the host's disks for writing (refused from securelevel 2)" });
  // prison_priv_check() grants PRIV_NETINET_PF and PRIV_NETINET_IPFW to a VNET jail; pfioctl() and ipfw_ctl3() refuse changes at 3.
  if (model.network.networkOf(jail)?.vnet)
    out.push({
      blockedFrom: 3,
      text: "its VNET lets root in it change the jail's own firewall rules (ipfw, and pf where its devfs shows /dev/pf; refused at securelevel 3)",
    });
  return out;
}

const NONE_OPEN =
  "it has none of the privileges a low securelevel leaves open (allow.chflags, devfs_ruleset = 0, a VNET firewall), so this is a precaution";

export const lowSecurelevel = defineRule({
  code: "JL103",
  name: "low-securelevel",
  severity: "warning",
  fixable: "unsafe",
  needs: ["jail"],
  scope: "host",
  options: { minimum: { description: "The lowest securelevel accepted (-1 to 3).", default: DEFAULT_MINIMUM, min: -1, max: 3 } },
  docs: {
    what: "A jail whose effective `securelevel` is below the configured minimum (3 by default), or that sets none. It is a warning when the jail has a privilege that only a higher level restrains (`allow.chflags`, `devfs_ruleset = 0` with devfs mounted, a VNET jail's own firewall), and a note (info) otherwise.",
    why: "Without `securelevel` a jail runs at the host's kern.securelevel, which is -1 unless the host raises it; a jail can never lower its level, only raise it (kern_jail.c). rc.d/securelevel raises the host to rc.conf's `kern_securelevel` when `kern_securelevel_enable` is YES, and sysctl_kern_securelvl() (sys/kern/kern_mib.c) raises every jail to at least that level, so a host raised to the minimum makes this rule silent. What the level restrains inside a jail depends on the jail's other parameters, because prison_priv_check() (sys/kern/kern_jail.c) already denies a default jail most of what security(7) lists (loading modules, setting the clock, writing /dev/mem): (1) with `allow.chflags` (PRIV_VFS_SYSFLAGS) root in the jail may set and clear the system flags `schg`, `sappnd` and `sunlnk`; from securelevel 1 it can no longer turn them off (ufs_setattr() in sys/ufs/ufs/ufs_vnops.c, security(7)); without `allow.chflags` it cannot change them at any level. (2) With every device visible (`devfs_ruleset = 0`), from securelevel 2 no disk can be opened for writing (g_dev_open() in sys/geom/geom_dev.c). (3) A VNET jail may change its own firewall rules (prison_priv_check() grants PRIV_NETINET_IPFW and PRIV_NETINET_PF to a prison with PR_VNET): ipfw's through a socket, pf's through /dev/pf where the jail's devfs ruleset shows it (/etc/defaults/devfs.rules: devfsrules_jail_vnet does, devfsrules_jail does not); at securelevel 3 it cannot (pfioctl() in sys/netpfil/pf/pf_ioctl.c, ipfw_ctl3() in sys/netpfil/ipfw/ip_fw_sockopt.c). The securelevel does not restrain mounting (vfs_domount_first() in sys/kern/vfs_mount.c has no such check), so `allow.mount*` counts only through devfs. Level 3 remains the jail guides' recommendation: it also holds should one of those privileges be added later.",
    example: {
      kind: "jail",
      bad: "www {\n  securelevel = 1;\n  vnet;\n  persist;\n}\n",
      good: "www {\n  securelevel = 3;\n  vnet;\n  persist;\n}\n",
    },
    fix: "Set `securelevel = 3;` globally or per jail (the fix is offered as unsafe: a higher level can stop software that changes file flags or firewall rules). Lower it per jail only where that software needs it, and say why in a comment, or lower the `minimum` option.",
  },
  check(ctx) {
    const minimum = ctx.options.minimum ?? DEFAULT_MINIMUM;
    const grouped = new GroupedReport();
    // sysctl_kern_securelvl() (sys/kern/kern_mib.c) raises every jail to at least the host's level, and a jail made
    // later starts at its parent's: once rc.d/securelevel has raised the host, no jail is below that.
    const host = ctx.model.rc?.config.hostSecurelevel;
    if (host && host.level >= minimum) return;
    const hostLevel = host?.level ?? -1;
    for (const jail of ctx.model.jails) {
      const level = jailInt(jail, "securelevel");
      const open = (at: number) => exposures(ctx.model, jail).filter((e) => e.blockedFrom > at && e.blockedFrom <= minimum);
      if (level) {
        if (level.value >= minimum) continue;
        const { at } = level;
        const left = open(Math.max(level.value, hostLevel));
        grouped.add(at.file, at.range, jail.name, (jails) => ({
          message:
            left.length > 0
              ? `securelevel ${level.value} for ${jails} is below ${minimum}: ${left.map((e) => e.text).join("; ")}; set securelevel = ${minimum}`
              : `securelevel ${level.value} for ${jails} is below ${minimum}, the level jail guides recommend; ${NONE_OPEN}: set securelevel = ${minimum}`,
          ...(left.length > 0 ? {} : { severity: "info" as const }),
          fix: {
            description: `set securelevel = ${minimum}`,
            safety: "unsafe",
            edits: [{ start: at.range.start, end: at.range.end, newText: String(minimum) }],
          },
        }));
        continue;
      }
      if (jail.params.has("securelevel")) continue; // set through an unresolved variable: JL004 says so
      // An inherited level is never below -1: with that minimum a jail without one is fine.
      if (minimum <= -1) continue;
      const block = jail.block;
      if (!block) continue;
      const text = ctx.model.texts.get(jail.file) ?? "";
      const brace = text.indexOf("{", block.nameRange.end);
      const first = block.body[0];
      const indent = first ? indentAt(text, first.range.start) : `${indentAt(text, block.range.start)}    `;
      // Without rc.conf's kern_securelevel the host stays at the default, -1.
      const left = open(hostLevel);
      const inherits = host
        ? `jail "${jail.name}" sets no securelevel, so it runs at the host's kern.securelevel (${host.level}, from rc.conf kern_securelevel)`
        : `jail "${jail.name}" sets no securelevel, so it runs at the host's kern.securelevel (-1 unless the host raises it)`;
      const advice = `add securelevel = ${minimum}; to the jail or the global section`;
      grouped.add(jail.file, block.nameRange, jail.name, () => ({
        message: left.length > 0 ? `${inherits}: ${left.map((e) => e.text).join("; ")}; ${advice}` : `${inherits}; ${NONE_OPEN}: ${advice}`,
        ...(left.length > 0 ? {} : { severity: "info" as const }),
        ...(brace !== -1
          ? {
              fix: {
                description: `add securelevel = ${minimum};`,
                safety: "unsafe" as const,
                edits: [{ start: brace + 1, end: brace + 1, newText: `\n${indent}securelevel = ${minimum};` }],
              },
            }
          : {}),
      }));
    }
    grouped.flush(ctx);
  },
});
