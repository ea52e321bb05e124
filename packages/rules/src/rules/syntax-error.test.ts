import { describe, expect, it } from "vitest";
import { lintJailText, located } from "../../../../test/support/rule-tester.js";

// What a file that did not parse gives: the JL001 findings, and nothing recovery made of the broken text.
const all = (code: string) => lintJailText(code).map((d) => `${d.code} ${located(d, code)}`);

describe("after a syntax error", () => {
  it("a broken statement gives its JL001 only: no unknown parameter, no dead assignment, no invalid value", () => {
    const code = "securelevel = 3;\nwww {\n  {% if x %} allow.raw_sockets;\n  persist;\n}\n";
    expect(all(code).filter((l) => !l.startsWith("JL001"))).toEqual([]);
  });

  it("a variable whose definition did not parse still counts as defined (no JL004)", () => {
    const code = 'securelevel = 3;\nwww {\n  $addr = "192.0.2.10" {{ suffix }};\n  host.hostname = "$addr";\n  persist;\n}\n';
    expect(all(code).filter((l) => !l.startsWith("JL001"))).toEqual([]);
  });

  it("a reference inside the broken statement is not reported as undefined", () => {
    const code = "securelevel = 3;\nwww {\n  ${OS_RELEASE}\n\n  ${IP4_LINE}\n  persist;\n}\n";
    expect(all(code).filter((l) => l.startsWith("JL004"))).toEqual([]);
  });

  it("statements that parsed are still judged", () => {
    const code = 'securelevel = 3;\nwww {\n  host.hostname = "a" "b"\n  persist;\n  host.hostnme = "www";\n}\n';
    expect(all(code)).toContain(
      'JL002 5:3-5:15 unknown parameter "host.hostnme": jail(8) fails with "unknown parameter"; did you mean "host.hostname"?',
    );
  });

  it("a template says so once, and nothing else is reported for it", () => {
    const lines = [
      "{% for j in jails %}",
      "{{ j.name }} {",
      '  host.hostname = "{{ j.name }}";',
      "  ip4.addr = {{ j.ip }};",
      "}",
      "{% endfor %}",
      "",
    ];
    const code = lines.join("\n");
    expect(all(code)).toEqual([
      "JL001 1:1-1:2 this is not jail.conf syntax but a template (placeholders such as `{%`): 19 syntax errors on 5 of its 6 lines, and jail(8) would refuse it at the first; lint the jail.conf it generates instead",
    ]);
  });

  it("a file with a few errors reports each (near-miss of a template)", () => {
    const code = 'securelevel = 3;\npath = "/jails/${name}";\nwww {\n  host.hostname = "www"\n  persist;\n}\n';
    expect(all(code)).toEqual(["JL001 4:19-4:24 missing `;` after this statement (found `persist` instead): end each parameter with `;`"]);
  });
});
