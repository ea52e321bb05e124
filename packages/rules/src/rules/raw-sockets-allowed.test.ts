import { describe, expect, it } from "vitest";
import { ruleTester } from "../../../../test/support/rule-tester.js";
import { searchCountingModel } from "../../../../test/support/search-counting-model.js";
import { runRules } from "../engine/lint.js";
import { rawSocketsAllowed } from "./raw-sockets-allowed.js";

ruleTester(rawSocketsAllowed, {
  valid: [
    "www { persist; }\n",
    { name: "switched off again in the jail", code: "allow.raw_sockets;\nwww { allow.noraw_sockets; }\n" },
    { name: "a false value", code: "www { allow.raw_sockets = 0; }\n" },
    { name: "a VNET jail has raw sockets anyway (prison_priv_check)", code: "www {\n  vnet;\n  allow.raw_sockets;\n}\n" },
    { name: "vnet = new is VNET too", code: "www {\n  vnet = new;\n  allow.raw_sockets = 1;\n}\n" },
  ],
  invalid: [
    {
      name: "a global setting names only the jails without VNET",
      code: "allow.raw_sockets;\nv { vnet; }\na { persist; }\nb { persist; }\n",
      errors: [
        '1:1-1:19 allow.raw_sockets lets root in jails "a" and "b" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools',
      ],
    },
    {
      name: "vnet = inherit shares the host's stack: allow.raw_sockets decides",
      code: "www {\n  vnet = inherit;\n  allow.raw_sockets;\n}\n",
      errors: ['3:3-3:21 allow.raw_sockets lets root in jail "www" craft raw packets…'],
    },
  ],
});

describe("raw-sockets-allowed on many jails", () => {
  it("looks each jail's network view up instead of searching the jail list for it", () => {
    const { model, searches } = searchCountingModel(50, (i) => `j${i} {\n  allow.raw_sockets;\n${i % 2 ? "  vnet;\n" : ""}}\n`);
    const found = runRules(model, [rawSocketsAllowed]);
    // The 25 jails without VNET, one finding each (their own statements).
    expect(found).toHaveLength(25);
    expect(searches()).toBe(0);
  });
});
