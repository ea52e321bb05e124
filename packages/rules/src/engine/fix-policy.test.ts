import { decodeUtf8, type HostRead, type JailConfHost, MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintHost } from "../lint-host.js";
import { defaultSetting } from "./lint.js";

const JAILS = 'www {\n  securelevel = 3;\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const PF = "nat on em0 from 127.0.1.0/24 to any -> (em0)\nblock in all\n";
const input = { jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] };

const hostOf = (rc: string): MemoryHost => new MemoryHost({ "/etc/jail.conf": JAILS, "/etc/rc.conf": rc, "/etc/pf.conf": PF });

/** A host whose files are bytes, decoded as the CLI's disk host decodes them. */
function byteHost(files: Record<string, Uint8Array>): JailConfHost {
  return {
    read(path): HostRead {
      const bytes = files[path];
      if (!bytes) return { ok: false, reason: "missing", detail: "no such file" };
      const { text, invalid } = decodeUtf8(bytes);
      return { ok: true, text, file: path.slice(1), invalidUtf8: invalid };
    },
    glob: () => [],
  };
}

describe("fixes in files that do not parse or are not UTF-8", () => {
  it("offers the pf_enable fix in a clean rc.conf", () => {
    const r = lintHost(input, hostOf('jail_enable="YES"\n'));
    const jl303 = r.diagnostics.find((d) => d.code === "JL303");
    expect(jl303?.fix?.edits).toEqual([{ start: 18, end: 18, newText: 'pf_enable="YES"\n' }]);
    expect(r.withheldFixes.size).toBe(0);
  });

  it("withholds it when an unclosed quote swallows the end of rc.conf, and keeps the finding", () => {
    const rc = 'jail_enable="YES"\nx="unclosed\n';
    const r = lintHost(input, hostOf(rc));
    const jl303 = r.diagnostics.find((d) => d.code === "JL303");
    expect(jl303).toBeDefined();
    expect(jl303?.fix).toBeUndefined();
    expect([...r.withheldFixes].map(([f, w]) => [f, w.reason, w.fixes.map((x) => x.description)])).toEqual([
      ["/etc/rc.conf", "syntax-error", ['add pf_enable="YES"']],
    ]);
  });

  it("withholds it also when JL001 is turned off: the decision rests on the parse, not on what is reported", () => {
    const r = lintHost(input, hostOf('jail_enable="YES"\nx="unclosed\n'), (rule) => ({
      ...defaultSetting(rule),
      enabled: rule.code !== "JL001",
    }));
    expect(r.diagnostics.some((d) => d.code === "JL001")).toBe(false);
    expect(r.diagnostics.find((d) => d.code === "JL303")?.fix).toBeUndefined();
  });

  it("a note (an rc.conf construct kept but not evaluated) does not withhold fixes", () => {
    const r = lintHost(input, hostOf('jail_enable="YES"\nif true; then x=1; fi\n'));
    expect(r.diagnostics.filter((d) => d.code === "JL001").map((d) => d.severity)).toEqual(["info"]);
    expect(r.diagnostics.find((d) => d.code === "JL303")?.fix).toBeDefined();
  });

  it("reports the first invalid UTF-8 byte once per file, as JL001 at that byte, and withholds the file's fixes", () => {
    const enc = (s: string) => Buffer.from(s, "utf8");
    const rc = Buffer.concat([enc("# caf"), Uint8Array.of(0xe9), enc(" cr"), Uint8Array.of(0xe8), enc('me\njail_enable="YES"\n')]);
    const host = byteHost({ "/etc/jail.conf": enc(JAILS), "/etc/rc.conf": rc, "/etc/pf.conf": enc(PF) });
    const r = lintHost(input, host);
    const jl001 = r.diagnostics.filter((d) => d.code === "JL001");
    expect(jl001).toEqual([
      {
        code: "JL001",
        rule: "syntax-error",
        severity: "warning",
        message:
          "byte 0xE9 is not valid UTF-8 (and 1 more invalid sequence in this file): jaillint reads configuration files as UTF-8 or ASCII, so it does not fix this file; convert it to UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8) or remove the byte",
        file: "etc/rc.conf",
        range: { start: 5, end: 6 },
      },
    ]);
    expect(r.diagnostics.find((d) => d.code === "JL303")?.fix).toBeUndefined();
    expect(r.withheldFixes.get("etc/rc.conf")?.reason).toBe("not-utf8");
  });
});
