import { describe, expect, it } from "vitest";
import type { Location } from "vscode-languageserver-types";
import { contextOf, fixtureFiles, positionOf } from "../../test-support/host.js";
import { definition, references } from "./navigation.js";

const files = fixtureFiles("fixtures/lsp/host");
const ctx = contextOf(files);
const J = "/etc/jail.conf";

/** `file:line:char-line:char`, 0-based as LSP counts. */
const show = (locs: Location[]) =>
  locs.map(
    (l) =>
      `${l.uri.replace("file:///host", "")}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`,
  );
const def = (file: string, needle: string, shift = 0, nth = 0) =>
  show(definition(ctx, file, positionOf(files[file] as string, needle, shift, nth)));
const refs = (file: string, needle: string, shift = 0, nth = 0, decl = true) =>
  show(references(ctx, file, positionOf(files[file] as string, needle, shift, nth), decl));

describe("jail.conf variables", () => {
  it("a reference goes to its definition; references are found in every file that reads it", () => {
    expect(def(J, "$domain", 2, 1)).toEqual(["/etc/jail.conf:1:0-1:7"]);
    expect(refs(J, "$domain", 2, 1)).toEqual([
      "/etc/jail.conf:1:0-1:7",
      "/etc/jail.conf:3:25-3:32",
      "/etc/jail.conf.d/mail.conf:2:24-2:31",
    ]);
    expect(refs(J, "$domain", 2, 0, false)).toEqual(["/etc/jail.conf:3:25-3:32", "/etc/jail.conf.d/mail.conf:2:24-2:31"]);
  });

  it("`$name` goes to the block names that set it, and is referenced by `${name}` too", () => {
    expect(def(J, "$name", 2)).toEqual(["/etc/jail.conf.d/mail.conf:0:0-0:4", "/etc/jail.conf:11:0-11:3", "/etc/jail.conf:19:0-19:2"]);
    expect(refs(J, "$name", 2, 0, false)).toEqual(["/etc/jail.conf:2:25-2:30", "/etc/jail.conf:3:17-3:24"]);
  });

  it("a block's own variable", () => {
    expect(def(J, "$port", 2, 1)).toEqual(["/etc/jail.conf:20:4-20:9"]);
    expect(refs(J, "$port", 2, 1)).toEqual(["/etc/jail.conf:20:4-20:9", "/etc/jail.conf:22:43-22:48"]);
  });

  it("a variable of the same name in another jail is another variable", () => {
    const c = contextOf({ [J]: 'a { $v = 1; path = "/j/$v"; }\nb { $v = 2; path = "/k/$v"; }\n' });
    expect(show(references(c, J, { line: 0, character: 5 }, true))).toEqual(["/etc/jail.conf:0:4-0:6", "/etc/jail.conf:0:23-0:25"]);
    expect(show(definition(c, J, { line: 1, character: 24 }))).toEqual(["/etc/jail.conf:1:4-1:6"]);
  });

  it("a parameter's name: the statements that set it in the jails it takes part in", () => {
    expect(def(J, "host.hostname", 1)).toEqual(["/etc/jail.conf:3:0-3:13", "/etc/jail.conf.d/mail.conf:2:4-2:17"]);
  });
});

describe("jail names", () => {
  it("a block's references: rc.conf's jail_list and other jails' depend", () => {
    expect(refs(J, "www {", 1)).toEqual(["/etc/jail.conf:11:0-11:3", "/etc/rc.conf:5:11-5:14", "/etc/jail.conf:23:13-23:16"]);
  });

  it("a jail_list word and a depend value go to the block", () => {
    expect(def("/etc/rc.conf", "mail", 1)).toEqual(["/etc/jail.conf.d/mail.conf:0:0-0:4"]);
    expect(def(J, "depend = www", 10)).toEqual(["/etc/jail.conf:11:0-11:3"]);
  });

  it("a nested block is the jail of its full name", () => {
    const c = contextOf({ [J]: "a { persist; b { persist; } }\n", "/etc/rc.conf": 'jail_list="a.b a"\n' });
    expect(show(definition(c, "/etc/rc.conf", { line: 0, character: 12 }))).toEqual(["/etc/jail.conf:0:13-0:14"]);
    expect(show(references(c, J, { line: 0, character: 13 }, false))).toEqual(["/etc/rc.conf:0:11-0:14"]);
  });
});

describe("files", () => {
  it(".include goes to each file it reads, mount.fstab to the fstab", () => {
    expect(def(J, '.conf"', 1)).toEqual(["/etc/jail.conf.d/mail.conf:0:0-0:0"]);
    expect(def(J, "/etc/fstab.www", 2)).toEqual(["/etc/fstab.www:0:0-0:0"]);
  });

  it("a missing file gives nothing to go to", () => {
    const c = contextOf({ [J]: '.include "/etc/none.conf";\nw { mount.fstab = "/etc/fstab.none"; persist; }\n' });
    expect(definition(c, J, { line: 0, character: 12 })).toEqual([]);
    expect(definition(c, J, { line: 1, character: 22 })).toEqual([]);
  });

  it("a pf include goes to the included file", () => {
    expect(def("/etc/pf.conf", "tables.conf", 2)).toEqual(["/etc/pf.d/tables.conf:0:0-0:0"]);
  });
});

describe("interfaces", () => {
  it("`IF|` of ip4.addr and pf's `on` go to where rc.conf creates the interface", () => {
    expect(def(J, "lo1|", 1)).toEqual(["/etc/rc.conf:3:19-3:22"]);
    expect(def("/etc/pf.conf", "on lo1", 4)).toEqual(["/etc/rc.conf:3:19-3:22"]);
    // The address part of the item is not the interface.
    expect(def(J, "127.0.1.10", 3)).toEqual([]);
  });
});

describe("pf macros and tables", () => {
  it("a macro: its definition and every use in the ruleset", () => {
    expect(def("/etc/pf.conf", "$ext_if", 2)).toEqual(["/etc/pf.conf:0:0-0:6"]);
    expect(refs("/etc/pf.conf", "$ext_if", 2)).toEqual([
      "/etc/pf.conf:0:0-0:6",
      "/etc/pf.conf:7:7-7:14",
      "/etc/pf.conf:7:41-7:48",
      "/etc/pf.conf:10:11-10:18",
    ]);
  });

  it("a pf_flags macro goes to rc.conf's pf_flags", () => {
    expect(def("/etc/pf.conf", "$int_if", 2)).toEqual(["/etc/rc.conf:7:0-7:24"]);
  });

  it("a macro of an included file, and uses inside an anchor", () => {
    expect(refs("/etc/pf.d/tables.conf", "$web_ip", 2)).toEqual(["/etc/pf.d/tables.conf:0:0-0:6", "/etc/pf.d/tables.conf:1:31-1:38"]);
    expect(refs("/etc/pf.conf", "$jail_net", 2, 2, false)).toEqual([
      "/etc/pf.conf:7:20-7:29",
      "/etc/pf.conf:14:22-14:31",
      "/etc/pf.conf:14:35-14:44",
    ]);
  });

  it("a table: the name inside its brackets, across the included file", () => {
    expect(def("/etc/pf.conf", "<trusted>", 2)).toEqual(["/etc/pf.d/tables.conf:1:7-1:14"]);
    expect(refs("/etc/pf.conf", "blocked", 2)).toEqual(["/etc/pf.conf:3:7-3:14", "/etc/pf.conf:12:21-12:28"]);
  });
});

describe("rc.conf variables", () => {
  it("a reference goes to every assignment, in each rc file", () => {
    const c = contextOf({ "/etc/rc.conf": 'a="1"\nb="$a x"\n', "/etc/rc.conf.local": 'a="2"\n' }, { jailConf: [] });
    expect(show(definition(c, "/etc/rc.conf", { line: 1, character: 4 }))).toEqual(["/etc/rc.conf:0:0-0:1", "/etc/rc.conf.local:0:0-0:1"]);
    expect(show(references(c, "/etc/rc.conf.local", { line: 0, character: 0 }, false))).toEqual(["/etc/rc.conf:1:3-1:5"]);
  });

  it("nothing where there is no name", () => {
    expect(def("/etc/rc.conf", "jail_enable", 13)).toEqual([]);
    expect(definition(ctx, "/etc/unknown", { line: 0, character: 0 })).toEqual([]);
  });
});
