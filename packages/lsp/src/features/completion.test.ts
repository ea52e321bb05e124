import { describe, expect, it } from "vitest";
import type { CompletionItem, TextEdit } from "vscode-languageserver-types";
import { CompletionItemTag } from "vscode-languageserver-types";
import { contextOf, fixtureFiles, positionOf } from "../../test-support/host.js";
import { completion } from "./completion.js";

const files = fixtureFiles("fixtures/lsp/host");

/** Completion with the cursor `shift` into `cursor`, in the fixture file with `needle` replaced (the user typing). */
function complete(file: string, needle: string, replacement: string, cursor: string, shift = cursor.length): CompletionItem[] {
  const text = (files[file] as string).replace(needle, replacement);
  expect(text).not.toBe(files[file]);
  return completion(contextOf({ ...files, [file]: text }), file, positionOf(text, cursor, shift));
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const edit = (i: CompletionItem | undefined) => {
  const e = i?.textEdit as TextEdit | undefined;
  return e && `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character} ${e.newText}`;
};
const J = "/etc/jail.conf";

describe("jail.conf: parameter names", () => {
  const items = complete(J, "    allow.raw_sockets;", "    allow.ra", "allow.ra");

  it("offers every settable parameter of the release, booleans also with `no`, and .include", () => {
    expect(labels(items)).toContain("allow.raw_sockets");
    expect(labels(items)).toContain("allow.noraw_sockets");
    expect(labels(items)).toContain("nopersist");
    expect(labels(items)).toContain("ip4.nosaddrsel");
    expect(labels(items)).toContain(".include");
    // Read-only parameters cannot be set, and the dynamic placeholders are not names.
    expect(labels(items)).not.toContain("children.cur");
    expect(labels(items)).not.toContain("allow.mount.<fs>");
    expect(labels(items)).not.toContain("ip4.noaddr");
  });

  it("replaces what was typed of the name, with the documentation of each", () => {
    const raw = items.find((i) => i.label === "allow.raw_sockets");
    expect(edit(raw)).toBe("13:4-13:12 allow.raw_sockets");
    expect(raw?.detail).toBe("boolean · kernel parameter");
    expect(raw?.documentation).toEqual({
      kind: "markdown",
      value: expect.stringMatching(/^\*\*allow\.raw_sockets\*\* · boolean · kernel parameter\n\nJail root may create raw sockets/),
    });
    const no = items.find((i) => i.label === "allow.noraw_sockets");
    expect(no?.detail).toBe("boolean · kernel parameter · sets allow.raw_sockets to false");
    expect(no?.sortText).toBe("2allow.noraw_sockets");
  });

  it("marks deprecated parameters", () => {
    expect(items.find((i) => i.label === "allow.sysvipc")?.tags).toEqual([CompletionItemTag.Deprecated]);
    expect(items.find((i) => i.label === "allow.raw_sockets")?.tags).toBeUndefined();
  });

  it("leaves out what the release lacks", () => {
    const text = "w { pers }\n";
    const v14 = completion(contextOf({ [J]: text }, { freebsd: 14 }), J, { line: 0, character: 8 });
    const v15 = completion(contextOf({ [J]: text }, { freebsd: 15 }), J, { line: 0, character: 8 });
    expect(labels(v14)).not.toContain("zfs.dataset");
    expect(labels(v15)).toContain("zfs.dataset");
  });

  it("offers nothing in a comment", () => {
    expect(complete(J, "    allow.raw_sockets;", "    # allow.ra", "allow.ra")).toEqual([]);
    expect(complete(J, "    allow.raw_sockets;", "    /* allow.ra", "allow.ra")).toEqual([]);
  });
});

describe("jail.conf: values", () => {
  it("securelevel -1..3 in order, with their meaning", () => {
    const items = complete(J, "securelevel = 2;", "securelevel = ", "securelevel = ");
    expect(labels(items)).toEqual(["-1", "0", "1", "2", "3"]);
    expect(edit(items[4])).toBe("6:14-6:14 3");
    expect(items[4]?.documentation).toEqual({
      kind: "markdown",
      value: "Network secure mode: as 2, and packet filter rules (pf, ipfw) and dummynet cannot be changed.",
    });
  });

  it("new / inherit / disable for a jailsys parameter, inside quotes after the quote", () => {
    const items = complete(J, "    allow.raw_sockets;", '    sysvshm = "n";', 'sysvshm = "n', 12);
    expect(labels(items)).toEqual(["disable", "new", "inherit"]);
    expect(edit(items[1])).toBe("13:15-13:16 new");
  });

  it("vnet takes no `disable`; enforce_statfs 0..2; devfs rulesets of /etc/defaults/devfs.rules", () => {
    expect(labels(complete(J, "    allow.raw_sockets;", "    vnet = ", "vnet = "))).toEqual(["new", "inherit"]);
    expect(labels(complete(J, "    allow.raw_sockets;", "    enforce_statfs = ", "enforce_statfs = "))).toEqual(["0", "1", "2"]);
    const rulesets = complete(J, "    allow.raw_sockets;", "    devfs_ruleset = ", "devfs_ruleset = ");
    expect(rulesets.map((i) => `${i.label} ${(i.documentation as { value: string }).value.split(":")[0]}`)).toEqual([
      "0 No ruleset",
      "1 devfsrules_hide_all",
      "2 devfsrules_unhide_basic",
      "3 devfsrules_unhide_login",
      "4 devfsrules_jail",
      "5 devfsrules_jail_vnet",
    ]);
  });

  it("booleans take true / false, also after `+=` and in the name-value form", () => {
    expect(labels(complete(J, "    allow.raw_sockets;", "    allow.mount = ", "allow.mount = "))).toEqual(["true", "false"]);
    expect(labels(complete(J, "    allow.raw_sockets;", "    persist ", "persist "))).toEqual(["true", "false"]);
  });

  it("interface names rc.conf defines, for `interface` and as `IF|` of ip4.addr", () => {
    const iface = complete(J, "    allow.raw_sockets;", "    interface = l", "interface = l");
    expect(labels(iface)).toEqual(["em0", "lo0", "lo1"]);
    expect(edit(iface[2])).toBe("13:16-13:17 lo1");
    const addr = complete(J, "    allow.raw_sockets;", '    ip4.addr += "127.0.1.20", "', '", "');
    expect(labels(addr)).toEqual(["em0|", "lo0|", "lo1|"]);
    expect(complete(J, "    allow.raw_sockets;", '    ip4.addr += "lo1|', '"lo1|')).toEqual([]);
  });

  it("jail names for `depend`, not the jail itself", () => {
    expect(labels(complete(J, "    depend = www;", "    depend = w", "depend = w"))).toEqual(["mail", "www"]);
  });

  it("nothing after a value that lacks its comma, nor for a parameter with free values", () => {
    expect(complete(J, "    allow.raw_sockets;", "    vnet = new ", "vnet = new ")).toEqual([]);
    expect(complete(J, "    allow.raw_sockets;", "    path = ", "path = ")).toEqual([]);
  });
});

describe("jail.conf: variables after `$`", () => {
  it("offers the jail's variables and parameters, `${…}` for names with a dot", () => {
    const items = complete(J, "    allow.raw_sockets;", '    exec.poststart = "echo $";', "echo $");
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect(edit(byLabel.get("domain"))).toBe("13:27-13:28 $domain");
    expect(byLabel.get("domain")?.detail).toBe("variable = example.org");
    expect(edit(byLabel.get("host.hostname"))).toBe("13:27-13:28 ${host.hostname}");
    expect(byLabel.get("host.hostname")?.detail).toBe("parameter = www.example.org");
    expect(byLabel.get("exec.clean")?.detail).toBe("parameter");
    // db's own variable is not in scope in www, and the statement being typed offers nothing.
    expect(byLabel.has("port")).toBe(false);
  });

  it("after `${`, with what was typed of the name replaced", () => {
    const items = complete(J, "    allow.raw_sockets;", '    exec.poststart = "echo ${ho}";', "echo ${ho");
    expect(edit(items.find((i) => i.label === "host.hostname"))).toBe("13:27-13:31 ${host.hostname}");
  });

  it("in a global statement, the names of every jail", () => {
    const items = complete(J, 'exec.start = "/bin/sh /etc/rc";', 'exec.start = "$";', 'exec.start = "$');
    expect(labels(items)).toContain("port");
    expect(items.find((i) => i.label === "port")?.detail).toBe("variable");
  });
});

describe("pf.conf and rc.conf", () => {
  it("pf macros after `$`: the ruleset's, pf_flags' and the included file's", () => {
    const items = complete("/etc/pf.conf", "block in all", "block in on $", "block in on $");
    expect(items.map((i) => `${i.label} = ${i.detail}`)).toEqual([
      "ext_if = pf macro = em0",
      "jail_net = pf macro = 127.0.1.0/24",
      "web_ip = pf macro = 127.0.1.10",
      "int_if = pf macro = lo1",
    ]);
    expect(edit(items[0])).toBe("9:13-9:13 ext_if");
  });

  it("pf tables after `<`, closing the bracket", () => {
    const items = complete("/etc/pf.conf", "block in all", "block in from <tr", "from <tr");
    expect(items.map(edit)).toEqual(["9:15-9:17 blocked>", "9:15-9:17 trusted>"]);
  });

  it("interfaces and groups after `on`", () => {
    expect(labels(complete("/etc/pf.conf", "block in all", "block in on ", "block in on "))).toEqual(["em0", "lo", "lo0", "lo1"]);
  });

  it("nothing in a pf comment", () => {
    expect(complete("/etc/pf.conf", "block in all", "# block in on $", "# block in on $")).toEqual([]);
  });

  it("jail names inside rc.conf's jail_list, without those already listed", () => {
    const items = complete("/etc/rc.conf", 'jail_list="www db mail"', 'jail_list="www m"', 'jail_list="www m');
    expect(items.map(edit)).toEqual(["5:15-5:16 mail", "5:15-5:16 db"]);
    expect(complete("/etc/rc.conf", 'jail_enable="YES"', 'jail_enable="', 'jail_enable="')).toEqual([]);
  });
});
