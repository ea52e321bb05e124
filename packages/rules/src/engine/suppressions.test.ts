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

describe("inline suppressions in rc.conf and pf.conf, and edge cases", () => {
  const lint = (files: { jail?: string; rc?: string; pf?: string }, policy = {}) => {
    const host = new MemoryHost({
      ...(files.jail !== undefined ? { "/etc/jail.conf": files.jail } : {}),
      ...(files.rc !== undefined ? { "/etc/rc.conf": files.rc } : {}),
      ...(files.pf !== undefined ? { "/etc/pf.conf": files.pf } : {}),
    });
    const input = {
      jailConf: files.jail !== undefined ? ["/etc/jail.conf"] : [],
      ...(files.rc !== undefined ? { rc: ["/etc/rc.conf"] } : {}),
      ...(files.pf !== undefined ? { pf: ["/etc/pf.conf"] } : {}),
    };
    return lintHost(input, host, undefined, { suppressions: policy }).diagnostics.map((d) => `${d.code} ${d.file}:${d.range.start}`);
  };
  const legacy = 'jail_oldweb_rootdir="/usr/jails/oldweb"\n';
  const undefinedMacro = "pass in on $int_if all\n";

  it("honours # comments in rc.conf and pf.conf", () => {
    expect(lint({ rc: `# jaillint-disable-next-line JL301 -- migrating\n${legacy}` })).toEqual([]);
    expect(lint({ pf: `# jaillint-disable JL401 -- defined by the anchor\n${undefinedMacro}` })).toEqual([]);
  });

  it("does not read a # inside a quoted rc.conf value or a pf string as a directive", () => {
    const rc = `motd="hello # jaillint-disable JL301 x"\n${legacy}`;
    expect(lint({ rc })).toEqual([`JL301 /etc/rc.conf:${rc.indexOf("jail_oldweb")}`]);
    const pf = `pass out all label "x # jaillint-disable JL401 y"\n${undefinedMacro}`;
    expect(lint({ pf })).toEqual([`JL401 /etc/pf.conf:${pf.indexOf("$int_if")}`]);
    const jail = 'www {\n  securelevel = 3;\n  exec.start = "sh # jaillint-disable JL104 x";\n  allow.raw_sockets;\n}\n';
    expect(lint({ jail })).toEqual([`JL104 /etc/jail.conf:${jail.indexOf("allow.raw")}`]);
    // Not reported as a forbidden comment either: it is no comment.
    expect(lint({ rc }, { inline: false })).toEqual([`JL301 /etc/rc.conf:${rc.indexOf("jail_oldweb")}`]);
  });

  it("disable-next-line covers the whole statement that starts on the next line", () => {
    const jail =
      'www {\n  securelevel = 3;\n  # jaillint-disable-next-line JL211 -- lab\n  ip4.addr = "lo1|127.0.1.9/32",\n      "lo0|127.0.0.1/32";\n}\n';
    expect(lint({ jail })).toEqual([]);
    const rc = 'jail_enable="YES"\n# jaillint-disable-next-line JL302 -- later\njail_list="www\n  web"\n';
    expect(
      lint({ jail: 'www {\n  securelevel = 3;\n  ip4.addr = "lo1|127.0.1.9/32";\n}\n', rc }).filter(
        (d) => d.startsWith("JL302") || d.startsWith("JL000"),
      ),
    ).toEqual([]);
  });

  it("disable-next-line before a jail block covers the block's line, not its whole body", () => {
    const jail = "# jaillint-disable-next-line JL104 -- no\nwww {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
    expect(lint({ jail })).toEqual([`JL000 /etc/jail.conf:0`, `JL104 /etc/jail.conf:${jail.indexOf("allow.raw")}`]);
  });

  it("an enable of one code ends only that code of a disable naming several", () => {
    const jail = [
      "# jaillint-disable JL104, JL105 -- lab",
      "a {",
      "  securelevel = 3;",
      "  enforce_statfs = 1;",
      "}",
      "# jaillint-enable JL105",
      "b {",
      "  securelevel = 3;",
      "  allow.raw_sockets;",
      "  enforce_statfs = 1;",
      "}",
      "# jaillint-enable JL104",
      "c {",
      "  securelevel = 3;",
      "  allow.raw_sockets;",
      "}",
      "",
    ].join("\n");
    const at = (needle: string, from = 0) => jail.indexOf(needle, from);
    expect(lint({ jail })).toEqual([
      `JL105 /etc/jail.conf:${at("1;", at("enforce", at("b {")))}`,
      `JL104 /etc/jail.conf:${at("allow", at("c {"))}`,
    ]);
  });

  it("nested disables of the same code and a bare disable with a code re-enabled", () => {
    const jail = [
      "# jaillint-disable -- lab",
      "a {",
      "  securelevel = 3;",
      "  allow.raw_sockets;",
      "}",
      "# jaillint-enable JL104",
      "b {",
      "  securelevel = 3;",
      "  allow.raw_sockets;",
      "  enforce_statfs = 1;",
      "}",
      "# jaillint-enable",
      "",
    ].join("\n");
    expect(lint({ jail })).toEqual([`JL104 /etc/jail.conf:${jail.indexOf("allow", jail.indexOf("b {"))}`]);
  });
});
