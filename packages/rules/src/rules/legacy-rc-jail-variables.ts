import { defineRule } from "../engine/rule.js";

// rc.d/jail's old per-jail variables and the jail.conf parameters they became (jail(8), rc.conf(5)).
const JAIL_CONF_NAME: Record<string, string> = {
  rootdir: "path",
  hostname: "host.hostname",
  ip: "ip4.addr",
  interface: "interface",
  fib: "exec.fib",
  exec_start: "exec.start",
  exec_stop: "exec.stop",
  exec_prestart: "exec.prestart",
  exec_poststart: "exec.poststart",
  exec_prestop: "exec.prestop",
  exec_poststop: "exec.poststop",
  devfs_enable: "mount.devfs",
  devfs_ruleset: "devfs_ruleset",
  fstab: "mount.fstab",
  mount_enable: "mount.fstab",
  consolelog: "exec.consolelog",
  vnet_interface: "vnet.interface",
};

export const legacyRcJailVariables = defineRule({
  code: "JL301",
  name: "legacy-rc-jail-variables",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  docs: {
    what: "`jail_<name>_*` variables in rc.conf: the way jails were configured before jail.conf.",
    why: "rc.d/jail reads them only for a jail that no jail.conf defines (it then writes a temporary jail.conf from them and warns that this is obsolete). Once the jail is in jail.conf they are silently ignored, so what rc.conf says about the jail (its address, its root) is not what runs; support for them is slated for removal.",
    example: { kind: "rc", bad: 'jail_enable="YES"\njail_oldweb_rootdir="/usr/jails/oldweb"\n', good: 'jail_enable="YES"\n' },
    fix: 'Move the settings into jail.conf (`oldweb { path = "/usr/jails/oldweb"; }`) and delete the variables; delete them if the jail is gone.',
  },
  check({ model, report }) {
    const rc = model.rc;
    if (!rc) return;
    const defined = new Set(model.jails.map((j) => j.name));
    for (const v of rc.config.legacyJailVariables()) {
      const param = JAIL_CONF_NAME[v.parameter.replace(/\d+$/, "")];
      const where = defined.has(v.jail)
        ? `jail.conf defines "${v.jail}", so rc.d/jail ignores it`
        : `it is the obsolete way to configure jail "${v.jail}"`;
      report({
        message: `${v.variable.name} is a pre-jail.conf rc.conf variable: ${where}; ${param ? `set ${param} in jail.conf's "${v.jail}" block and delete it` : "move it into jail.conf and delete it"}`,
        file: v.variable.file,
        range: v.variable.assignment.range,
      });
    }
  },
});
