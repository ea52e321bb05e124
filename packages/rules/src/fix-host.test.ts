import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { fixHost } from "./fix-host.js";
import { lintHost } from "./lint-host.js";

// Two files, each with a safe fix (JL101: allow.sysvipc → the sysvmsg/sysvsem/sysvshm parameters).
const files = {
  "/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\na { path = "/j/a"; allow.sysvipc; persist; }\n',
  "/etc/jail.conf.d/b.conf": 'b { path = "/j/b"; allow.sysvipc; persist; }\n',
};
const input = { jailConf: ["/etc/jail.conf"] };
const relintWith = (texts: ReadonlyMap<string, string>) => lintHost(input, new MemoryHost({ ...files, ...Object.fromEntries(texts) }));

describe("fixHost", () => {
  it("computes the fixed text of every file, by logical path, re-linting until nothing more applies", () => {
    const initial = lintHost(input, new MemoryHost(files));
    expect(initial.diagnostics.filter((d) => d.code === "JL101" && d.fix?.safety === "safe").map((d) => d.file)).toEqual([
      "/etc/jail.conf",
      "/etc/jail.conf.d/b.conf",
    ]);
    const out = fixHost(initial, relintWith, false);
    expect([...out.changed.keys()]).toEqual(["/etc/jail.conf", "/etc/jail.conf.d/b.conf"]);
    expect(out.changed.get("/etc/jail.conf.d/b.conf")?.after).toBe(
      'b { path = "/j/b"; sysvmsg = new; sysvsem = new; sysvshm = new; persist; }\n',
    );
    expect(out.applied).toBe(2);
    expect(out.result.diagnostics.filter((d) => d.code === "JL101")).toEqual([]);
  });

  it("fixes only the files asked for", () => {
    const out = fixHost(lintHost(input, new MemoryHost(files)), relintWith, false, { files: ["/etc/jail.conf.d/b.conf"] });
    expect([...out.changed.keys()]).toEqual(["/etc/jail.conf.d/b.conf"]);
    expect(out.appliedIn).toEqual(new Map([["/etc/jail.conf.d/b.conf", 1]]));
  });
});
