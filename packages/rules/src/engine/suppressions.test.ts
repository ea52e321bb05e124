import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintJailText } from "../../../../test/support/rule-tester.js";
import { lintHost } from "../lint-host.js";

const codes = (text: string, policy = {}) => {
  const host = new MemoryHost({ "/etc/jail.conf": text });
  return lintHost({ jailConf: ["/etc/jail.conf"] }, host, undefined, { suppressions: policy }).diagnostics.map(
    (d) => `${d.code} ${d.severity} ${d.message}`,
  );
};

describe("inline suppressions", () => {
  const hazard = "www {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
  it("reports the finding without a comment", () => {
    expect(lintJailText(hazard).map((d) => d.code)).toEqual(["JL104"]);
  });
  it("disable-next-line by code or name, with a reason", () => {
    expect(codes(hazard.replace("  allow", "  # jaillint-disable-next-line JL104 -- ping is needed\n  allow"))).toEqual([]);
    expect(codes(hazard.replace("  allow", "  // jaillint-disable-next-line raw-sockets-allowed\n\n  allow"))).toEqual([]);
  });
  it("disable … enable around a block, and /* */ comments", () => {
    const t = `/* jaillint-disable JL104, JL103 -- lab */\n${hazard}# jaillint-enable JL104\n`;
    expect(codes(t)).toEqual(["JL000 info unused suppression: no JL103 finding before its jaillint-enable; remove JL103"]);
  });
  it("reports an unused suppression and an unknown code", () => {
    expect(codes("# jaillint-disable-next-line JL999\nwww {\n  securelevel = 3;\n}\n")).toEqual([
      'JL000 info jaillint-disable-next-line names unknown rule "JL999": run `jaillint rules` for the list',
    ]);
    expect(codes("# jaillint-disable-next-line\nwww {\n  securelevel = 3;\n}\n")).toEqual([
      "JL000 info unused suppression: no finding on the next line; remove this comment",
    ]);
  });
  it("an enable without disable is reported", () => {
    expect(codes("# jaillint-enable\nwww {\n  securelevel = 3;\n}\n")).toEqual([
      "JL000 info jaillint-enable has no jaillint-disable before it",
    ]);
  });
  it("governance: reasons required, or suppressions forbidden", () => {
    const t = hazard.replace("  allow", "  allow.noset_hostname; # jaillint-disable-next-line JL104\n  allow");
    expect(codes(t, { requireReason: true })).toEqual([
      "JL000 error jaillint-disable-next-line JL104 gives no reason: add `-- why this is acceptable` (--require-suppression-reason)",
    ]);
    expect(codes(t, { inline: false })).toEqual([
      "JL000 error inline suppressions are not allowed here (--no-inline-suppressions): jaillint-disable-next-line is ignored; use the configuration file or a baseline",
      'JL104 warning allow.raw_sockets lets root in jail "www" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools',
    ]);
  });
});
