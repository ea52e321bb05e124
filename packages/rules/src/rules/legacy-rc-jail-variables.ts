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
  scope: "host",
  docs: {
    what: "`jail_<name>_*` variables in rc.conf: the way jails were configured before jail.conf.",
    why: "rc.d/jail reads them only for a jail named in `jail_list` whose `jail_<name>_rootdir` and `jail_<name>_hostname` are both set: it then writes a temporary jail.conf from them, ignores the jail's block in jail.conf, and warns that this is obsolete. Otherwise (and always when `jail_list` is empty) they are silently ignored, so what rc.conf says about the jail (its address, its root) is not what runs; support for them is slated for removal.",
    example: { kind: "rc", bad: 'jail_enable="YES"\njail_oldweb_rootdir="/usr/jails/oldweb"\n', good: 'jail_enable="YES"\n' },
    fix: 'Move the settings into jail.conf (`oldweb { path = "/usr/jails/oldweb"; }`) and delete the variables; delete them if the jail is gone.',
  },
  check({ model, report }) {
    const rc = model.rc;
    if (!rc) return;
    // rc.d/jail names a jail's variables after the jail with every non-alphanumeric character made `_` (`_jv`).
    const jv = (name: string): string => name.replace(/[^A-Za-z0-9]/g, "_");
    const defined = new Set(model.jails.map((j) => jv(j.name)));
    const listed = new Set(rc.config.jailList.map((w) => jv(w.text)));
    const set = (name: string): boolean => (rc.config.get(name)?.value ?? "") !== "";
    for (const v of rc.config.legacyJailVariables()) {
      const param = JAIL_CONF_NAME[v.parameter.replace(/\d+$/, "")];
      const j = v.jail;
      let where: string;
      // rc.d/jail: an empty jail_list runs `jail -f $jail_conf -c` for all of jail.conf; a listed jail is built
      // from its variables (parse_options) only when both jail_<jv>_rootdir and jail_<jv>_hostname are set.
      if (listed.size === 0) where = "jail_list is empty, so rc.d/jail starts the jails of jail.conf and never reads it";
      else if (!listed.has(j)) where = `jail_list does not name "${j}", so rc.d/jail never reads it`;
      else if (set(`jail_${j}_rootdir`) && set(`jail_${j}_hostname`)) {
        where = defined.has(j)
          ? `jail_${j}_rootdir and jail_${j}_hostname are both set, so rc.d/jail builds jail "${j}" from these variables and ignores its block in jail.conf`
          : `rc.d/jail still builds jail "${j}" from these variables, a way that is obsolete and slated for removal`;
      } else where = `without both jail_${j}_rootdir and jail_${j}_hostname rc.d/jail takes "${j}" from jail.conf and ignores it`;
      report({
        message: `${v.variable.name} is a pre-jail.conf rc.conf variable: ${where}; ${param ? `set ${param} in jail.conf's "${j}" block and delete it` : "move it into jail.conf and delete it"}`,
        file: v.variable.file,
        range: v.variable.assignment.range,
      });
    }
  },
});
