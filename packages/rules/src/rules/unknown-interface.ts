import { clonerGroup, type EffectiveValue, type TextRange } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import type { JailNetwork } from "../model/jail-network.js";
import { closestName } from "../util/did-you-mean.js";
import { GroupedReport } from "../util/grouped-report.js";

/** The cloned_interfaces word that creates `ifname` (rc.d/netif clone_up runs `ifconfig WORD create`), if a cloner makes it. */
function cloneToCreate(ifname: string): string | undefined {
  const group = clonerGroup(ifname);
  if (group === undefined || group === "vlan" || group === "wlan") return undefined;
  // `ifconfig epair3 create` makes the pair epair3a and epair3b.
  return group === "epair" ? ifname.replace(/[ab]$/, "") : ifname;
}

/** network.subr get_if_var: `.`, `-`, `/` and `+` in an interface name become `_` in its variables' names. */
const ifVarKey = (ifname: string): string => ifname.replace(/[.\-/+]/g, "_");

// Interfaces whose names say they are hardware (the kernel attaches them; rc.conf need not mention them) are still
// unknown: a jail.conf naming em1 on a host whose rc.conf configures only em0 is the typo this rule is for.
export const unknownInterface = defineRule({
  code: "JL207",
  name: "unknown-interface",
  severity: "error",
  fixable: false,
  needs: ["jail", "rc"],
  scope: "host",
  docs: {
    what: "`ip4.addr`/`ip6.addr` (`IF|addr`), `interface` or `vnet.interface` naming an interface that rc.conf neither creates (`cloned_interfaces`) nor configures (`ifconfig_*`), and that the jail's own `exec.*` commands do not create.",
    why: "jail(8) runs `ifconfig IF inet ADDR alias` for each `IF|addr` and moves `vnet.interface` into the jail; an interface that does not exist makes the jail fail to start. A loopback clone such as lo1 exists only when rc.conf's `cloned_interfaces` creates it. The example's rc.conf configures em0 and clones lo1.",
    example: {
      kind: "jail",
      bad: 'www {\n  ip4.addr = "lo2|127.0.1.1/32";\n}\n',
      good: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
    },
    context: { rc: 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n' },
    fix: "Fix the name, or create the interface: add it to `cloned_interfaces` (lo1, bridge0, epair0) or configure it with `ifconfig_<if>` in rc.conf, or create it in the jail's `exec.prestart` (`ifconfig epair0 create`). For a name a cloner makes (lo2, bridge1, epair3b) the message says which `cloned_interfaces` word creates it (libexec/rc/network.subr `clone_up` runs `ifconfig NAME create` for each); for a hardware name it suggests the closest existing interface.",
  },
  check(ctx) {
    const net = ctx.model.network;
    if (!net.interfaces.known) return;
    const known = net.interfaces.interfaces;
    const names = [...known.keys()];
    const grouped = new GroupedReport();
    const check = (j: JailNetwork, ifname: string, what: string, at: { file: string; range: TextRange } | EffectiveValue): void => {
      if (known.has(ifname) || j.execInterfaces.has(ifname)) return;
      // `ifconfig epair create` or `cloned_interfaces="lo"`: the kernel picks the unit, so any unit may be the one.
      const unit = /^([A-Za-z]+)\d+([ab])?$/.exec(ifname);
      const cloner = unit && (unit[2] === undefined || unit[1] === "epair") ? unit[1] : undefined;
      if (cloner !== undefined && (net.interfaces.unnumberedClones.has(cloner) || j.execCloners.has(cloner))) return;
      // A name the jail's own scripts mention may well be created there (jib, custom scripts): do not guess.
      if (j.execWords.has(ifname)) return;
      // ifconfig_DEFAULT configures every interface the kernel attaches; hardware names may then be right.
      if (net.interfaces.defaultConfigured && !/^(lo|epair|bridge|tap|tun|vlan|gif|gre|wg|lagg)\d/.test(ifname)) return;
      const renamedTo = net.interfaces.renamed.get(ifname);
      if (renamedTo !== undefined) {
        grouped.add(at.file, at.range, j.name, (jails) => ({
          message: `${what} of ${jails} names interface ${ifname}, which rc.conf renames to ${renamedTo} (ifconfig_${ifVarKey(ifname)}_name): the jail fails to start; use ${renamedTo}`,
        }));
        return;
      }
      // A name a cloner makes (lo2, bridge1, epair3b) is created by listing it in cloned_interfaces; a hardware
      // name (em1) cannot be created, so it is more likely a typo for one that exists.
      const clone = cloneToCreate(ifname);
      const cloned = (ctx.model.rc?.config.words("cloned_interfaces") ?? []).map((w) => w.text);
      const hint = clone
        ? `; create it: add ${clone} to cloned_interfaces in rc.conf (cloned_interfaces="${[...cloned, clone].join(" ")}")${clone !== ifname ? `, which creates ${clone}a and ${clone}b` : ""}`
        : ((g) => (g ? `; did you mean ${g}?` : `; known: ${names.slice(0, 6).join(", ")}`))(closestName(ifname, names));
      grouped.add(at.file, at.range, j.name, (jails) => ({
        message: `${what} of ${jails} names interface ${ifname}, which rc.conf neither creates (cloned_interfaces) nor configures (ifconfig_${ifVarKey(ifname)}): the jail fails to start${hint}`,
      }));
    };
    for (const j of net.jails) {
      for (const e of [...j.ip4, ...j.ip6]) {
        if (e.iface) check(j, e.iface, `${e.family === 4 ? "ip4.addr" : "ip6.addr"} "${e.raw}"`, e);
      }
      if (j.interfaceParam && !j.vnet) check(j, j.interfaceParam.name, "`interface`", j.interfaceParam.value);
      for (const v of j.vnetInterfaces) check(j, v.name, "vnet.interface", v.value);
    }
    grouped.flush(ctx);
  },
});
