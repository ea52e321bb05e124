import { describe, expect, it } from "vitest";
import { CONFIG_FILE_NAME, configFileCandidates, configSettings, NO_CONFIG, parseConfigFile, parseJsonText } from "./config-file.js";
import { findRule } from "./registry.js";

describe("configuration file model", () => {
  it("parses and validates a configuration; file patterns are relative to its folder", () => {
    const text = '\uFEFF{ "rules": { "JL103": "off" }, "overrides": [{ "files": ["jails/*.conf"], "rules": { "JL104": "warning" } }] }';
    const r = parseConfigFile(text, "/repo/jaillint.config.json");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.loaded.dir).toBe("/repo");
    const jl103 = findRule("JL103");
    const jl104 = findRule("JL104");
    if (!jl103 || !jl104) throw new Error("rules missing");
    const settings = configSettings(r.loaded, new Map(), (file) => file.replace(/^\/etc\//, ""));
    expect(settings(jl103, "/etc/jail.conf").enabled).toBe(false);
    expect(settings(jl104, "/etc/jails/www.conf").severity).toBe("warning");
    expect(settings(jl104, "/etc/jail.conf").severity).toBe(jl104.severity);
    expect(configSettings(NO_CONFIG, new Map([["JL103", { level: "info" }]]), (f) => f)(jl103, "x").severity).toBe("info");
  });

  it("every problem is one line that starts with the file's name, with the line and column of bad JSON", () => {
    expect(parseConfigFile('{\n  "rules": {\n    "JL103": "of"\n  }\n}', "c.json")).toEqual({
      ok: false,
      errors: ['c.json: rules.JL103: "of" is not a level: expected off, info, warning or error'],
    });
    expect(parseConfigFile('{\n  "rules": {}\n  "x": 1\n}', "c.json")).toEqual({
      ok: false,
      errors: ["c.json:3:3: invalid JSON: Expected ',' or '}' after property value"],
    });
    expect(parseJsonText("")).toEqual({ ok: false, error: "1:1: invalid JSON: unexpected end of input" });
  });

  it("the candidates for a folder's configuration are in it and every folder above it, nearest first", () => {
    expect(configFileCandidates("/srv/repo/etc")).toEqual([
      `/srv/repo/etc/${CONFIG_FILE_NAME}`,
      `/srv/repo/${CONFIG_FILE_NAME}`,
      `/srv/${CONFIG_FILE_NAME}`,
      `/${CONFIG_FILE_NAME}`,
    ]);
  });
});
