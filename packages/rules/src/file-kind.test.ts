import { describe, expect, it } from "vitest";
import { detectFileKind, kindFromContent, kindFromName } from "./file-kind.js";

describe("file kinds", () => {
  it("names say the kind: jail.conf and jail.conf.d/*.conf, rc.conf[.local] and rc.conf.d/*, pf.conf", () => {
    expect(kindFromName("/etc/jail.conf")).toBe("jail");
    expect(kindFromName("/etc/jail.conf.d/www.conf")).toBe("jail");
    expect(kindFromName("/etc/rc.conf.local")).toBe("rc");
    expect(kindFromName("/etc/rc.conf.d/jail")).toBe("rc");
    expect(kindFromName("/etc/pf.conf")).toBe("pf");
    expect(kindFromName("/etc/hosts")).toBeUndefined();
  });

  it("detectFileKind: what it is told, else the name, else the text; fail2ban's jail.conf is none", () => {
    expect(detectFileKind("/etc/jail.conf", "www { persist; }\n")).toEqual({ kind: "jail" });
    expect(detectFileKind("/srv/x", "pass in all\n")).toEqual({ kind: "pf" });
    expect(detectFileKind("/srv/x", "pass in all\n", "rc")).toEqual({ kind: "rc" });
    expect(detectFileKind("/srv/x", "hello\n")).toEqual({ kind: undefined, why: "unknown" });
    expect(detectFileKind("/etc/fail2ban/jail.conf", "[sshd]\nenabled = true\n")).toEqual({ kind: undefined, why: "fail2ban" });
    expect(kindFromContent('jail_enable="YES"\n')).toBe("rc");
  });
});
