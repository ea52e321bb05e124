import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintJailText, located, ruleTester } from "../../../../test/support/rule-tester.js";
import { lintHost } from "../lint-host.js";
import { syntaxError } from "./syntax-error.js";

const ORDER = "Rules must be in order: options, ethernet, normalization, queueing, translation, filtering";

ruleTester(syntaxError, {
  valid: [
    {
      name: "pf.conf in pfctl's order, with `set skip` and a table after the rules (never order-checked)",
      code: "",
      options: {
        pf: "set block-policy drop\nscrub in all\nnat on em0 from 10.0.0.0/24 -> (em0)\nblock in all\nset skip on lo0\ntable <t> persist\n",
      },
    },
  ],
  invalid: [
    {
      name: "scrub after a block rule (parse.y check_rulestate)",
      code: "",
      options: { pf: "block in all\nscrub in all\n" },
      errors: [
        `pf.conf 2:1-2:13 normalization (\`scrub\`) rule after the filter rule on line 1: pfctl stops with "${ORDER}" and loads none of the rules; move it above that filter rule`,
      ],
    },
    {
      name: "FreeBSD 14 names the same order",
      code: "",
      options: { pf: "pass out all\nrdr on em0 proto tcp to port 80 -> 10.0.0.2\n", freebsd: 14 },
      errors: [
        `pf.conf 2:1-2:44 translation (\`nat\`/\`rdr\`/\`binat\`) rule after the filter rule on line 1: pfctl stops with "${ORDER}" and loads none of the rules; move it above that filter rule`,
      ],
    },
  ],
});

describe("JL001 and JL005 on pf.conf alone (no jail.conf)", () => {
  it("reports an include that is missing and an error inside an included file", () => {
    const host = new MemoryHost({
      "/etc/pf.conf": 'include "/etc/pf.d/jails.conf"\ninclude "/etc/pf.d/local.conf"\n',
      "/etc/pf.d/jails.conf": "pass in\ninvalidline\n",
    });
    const { diagnostics } = lintHost({ jailConf: [], pf: ["/etc/pf.conf"] }, host);
    expect(diagnostics.map((d) => `${d.code} ${d.file} ${d.range.start}-${d.range.end}`)).toEqual([
      "JL005 /etc/pf.conf 39-61",
      "JL001 /etc/pf.d/jails.conf 8-19",
    ]);
  });
});

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

  it("a template that parses (placeholders only inside quoted values) says so once, as a note", () => {
    const keys = ["allow_devfs", "allow_mount", "arch", "astart", "baserw", "childrenmax", "data", "devfs_ruleset", "emulator", "ip4_addr"];
    const code = `# Managed by configuration management\n${keys.map((k) => `${k}="<%= @${k} %>";`).join("\n")}\n`;
    expect(lintJailText(code).map((d) => `${d.code} ${d.severity} ${located(d, code)}`)).toEqual([
      "JL001 info 2:14-2:16 this is a template, not a jail.conf: 10 of its 10 lines hold placeholders such as `<%`, which jail(8) would take literally; lint the jail.conf it generates instead",
    ]);
  });

  it("a jail.conf with a few template-like values is still judged (near-miss of a template)", () => {
    const code = 'www {\n  host.hostname = "{{ name }}";\n  securelevel = 3;\n  persist;\n  path = "/jails/www";\n}\n';
    expect(all(code)).toEqual([]);
  });

  it("a file with a few errors reports each (near-miss of a template)", () => {
    const code = 'securelevel = 3;\npath = "/jails/${name}";\nwww {\n  host.hostname = "www"\n  persist;\n}\n';
    expect(all(code)).toEqual(["JL001 4:19-4:24 missing `;` after this statement (found `persist` instead): end each parameter with `;`"]);
  });
});
