import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintHost } from "../lint-host.js";
import { jailParamText, jailQuoted, showJails } from "./show.js";

function shown(files: Record<string, string>, roots = ["/etc/jail.conf"]) {
  const r = lintHost({ jailConf: roots }, new MemoryHost(files));
  return showJails(r.model, r.diagnostics);
}

describe("jailQuoted (jail.c quoted_print)", () => {
  it.each([
    ["", '""'],
    ["plain", "plain"],
    ["two words", '"two words"'],
    ["tab\there", '"tab\there"'],
    ["it's", `"it's"`],
    ['say "hi"', `'say "hi"'`],
    ["both ' and \"", '"both \' and \\""'],
    ["back\\slash", "back\\\\slash"],
  ])("%j → %s", (input, out) => {
    expect(jailQuoted(input)).toBe(out);
  });

  it("prints a valueless parameter by name and a list joined by commas", () => {
    expect(jailParamText("persist", [])).toBe("persist");
    expect(jailParamText("ip4.addr", ["lo1|127.0.1.1", "em0|192.0.2.1"])).toBe("ip4.addr=lo1|127.0.1.1,em0|192.0.2.1");
  });
});

describe("showJails", () => {
  it("lists parameters in config.c's order: the block name, then global, wildcard and own in section order", () => {
    const [j] = shown({
      "/etc/jail.conf":
        'path = "/j/$name";\n*.web { securelevel = 2; }\na.web {\n  persist;\n  securelevel = 3;\n  exec.start += "x";\n}\n',
    });
    expect(j?.params.map((p) => p.text)).toEqual(["name=a.web", "path=/j/a.web", "securelevel=3", "persist", "exec.start=x"]);
    const level = j?.params.find((p) => p.name === "securelevel");
    expect(level?.origins.map((o) => [o.kind, o.section])).toEqual([["jail", "a.web"]]);
    expect(level?.overridden.map((o) => [o.kind, o.section])).toEqual([["wildcard", "*.web"]]);
    expect(j?.params[1]?.origins[0]?.variables).toEqual([{ name: "name", value: "a.web" }]);
    expect(j?.params[0]?.origins[0]?.kind).toBe("block-name");
  });

  it("moves an entry with references in front of the one that refers to it, as load_config does", () => {
    const [j] = shown({ "/etc/jail.conf": 'x {\n  host.hostname = "${path}.h";\n  path = "/j/$name";\n}\n' });
    expect(j?.params.map((p) => p.name)).toEqual(["name", "path", "host.hostname"]);
    expect(j?.params[2]?.values).toEqual(["/j/x.h"]);
  });

  it("skips `jid` and leaves variables out", () => {
    const [j] = shown({ "/etc/jail.conf": '$v = "a";\n5 { host.hostname = "$v"; }\n' });
    expect(j?.params.map((p) => p.text)).toEqual(["host.hostname=a", "name=5"]);
  });

  it("keeps += statements, names the include that read a file, marks the primary and what jail(8) rejects", () => {
    const [j] = shown(
      {
        "/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\n',
        "/etc/jail.conf.d/m.conf": 'm {\n  ip4.addr = "lo1|127.0.1.4";\n  ip4.addr += "em0|192.0.2.4";\n  host.hostnme = "m";\n}\n',
      },
      ["/etc/jail.conf", "/etc/jail.conf.d/m.conf"],
    );
    const ip = j?.params.find((p) => p.name === "ip4.addr");
    expect(ip?.text).toBe("ip4.addr=lo1|127.0.1.4,em0|192.0.2.4");
    expect(ip?.origins.map((o) => o.operator)).toEqual(["=", "+="]);
    expect(ip?.origins[0]?.include).toEqual({ file: "/etc/jail.conf", range: { start: 9, end: 34 } });
    expect(ip?.primary).toEqual({ address: "127.0.1.4", index: 0 });
    expect(j?.params.find((p) => p.name === "host.hostnme")?.rejected.map((r) => r.code)).toEqual(["JL002"]);
  });
});
