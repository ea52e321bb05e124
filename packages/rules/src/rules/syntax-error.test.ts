import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { ruleTester } from "../../../../test/support/rule-tester.js";
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
