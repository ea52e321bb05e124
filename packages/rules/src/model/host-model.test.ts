import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { buildHostModel } from "./host-model.js";

const jail = 'a { ip4.addr = "lo1|127.0.1.1/32"; }\n';

describe("which pf.conf is the policy", () => {
  it("is the file rc.conf's pf_rules names, read even when it was not given", () => {
    const host = new MemoryHost({
      "/etc/jail.conf": jail,
      "/etc/rc.conf": 'pf_enable="YES"\npf_rules="/etc/pf.jails.conf"\n',
      "/etc/pf.conf": "pass all\n",
      "/etc/pf.jails.conf": "block all\n",
    });
    const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, host);
    expect(m.pf?.main.path).toBe("/etc/pf.jails.conf");
    expect(m.pfFiles.map((f) => f.path)).toEqual(["/etc/pf.conf", "/etc/pf.jails.conf"]);
  });

  it("is unknown when pf_rules names a file that cannot be read: the pf.conf given is not what pf loads", () => {
    const host = new MemoryHost({
      "/etc/jail.conf": jail,
      "/etc/rc.conf": 'pf_rules="/etc/pf.other.conf"\n',
      "/etc/pf.conf": "pass all\n",
    });
    const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, host);
    expect(m.pf).toBeUndefined();
    expect(m.pfFiles.map((f) => f.path)).toEqual(["/etc/pf.conf"]);
  });

  it("is the pf.conf given, under any name, when rc.conf does not set pf_rules", () => {
    const host = new MemoryHost({ "/etc/jail.conf": jail, "/etc/rc.conf": 'pf_enable="YES"\n', "/repo/firewall.pf.conf": "pass all\n" });
    const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/repo/firewall.pf.conf"] }, host);
    expect(m.pf?.main.path).toBe("/repo/firewall.pf.conf");
  });
});

describe("a pf_rules file the host does not have", () => {
  const files = (rc: string) => ({ "/etc/jail.conf": jail, "/etc/rc.conf": rc });
  it("is a problem when pf is enabled on a whole host", () => {
    const m = buildHostModel(
      { jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] },
      new MemoryHost(files('pf_enable="YES"\npf_rules="/etc/pf.jails.conf"\n')),
    );
    expect(m.pfRulesProblem).toEqual({
      file: "/etc/rc.conf",
      range: { start: 16, end: 45 },
      path: "/etc/pf.jails.conf",
      detail: "does not exist",
    });
  });
  it("is no problem while pf is off", () => {
    const m = buildHostModel(
      { jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] },
      new MemoryHost(files('pf_rules="/etc/pf.jails.conf"\n')),
    );
    expect(m.pfRulesProblem).toBeUndefined();
  });
  it("is read when the tree has it, although no pf.conf was given", () => {
    const host = new MemoryHost({ ...files('pf_enable="YES"\npf_rules="/etc/pf.jails.conf"\n'), "/etc/pf.jails.conf": "block all\n" });
    const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] }, host);
    expect(m.pf?.main.path).toBe("/etc/pf.jails.conf");
  });
});
