import { describe, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver-types";
import { contextOf, fixtureFiles, positionOf } from "../../test-support/host.js";
import { hover } from "./hover.js";

const files = fixtureFiles("fixtures/lsp/host");
const ctx = contextOf(files);

/** The hover's Markdown and range (`line:char-line:char`) at `shift` into the `nth` `needle` of a file. */
function at(file: string, needle: string, shift = 0, nth = 0): { md: string; range: string } | null {
  const h = hover(ctx, file, positionOf(files[file] as string, needle, shift, nth));
  if (!h) return null;
  const r = h.range;
  const md = typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "";
  return { md, range: r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : "" };
}

const J = "/etc/jail.conf";
const mdOf = (h: Hover | null): string | undefined => (h?.contents as { value?: string } | undefined)?.value;
const link = (file: string, line: number) => `[${file.slice(file.lastIndexOf("/") + 1)}:${line}](file:///host${file}#L${line})`;

describe("hover on a jail.conf parameter", () => {
  it("documents it from the catalog and gives its effective value for the jail, with what it replaced", () => {
    expect(at(J, "securelevel = 3", 1)).toEqual({
      range: "14:4-14:15",
      md: [
        "**securelevel** · integer · kernel parameter",
        "",
        "The jail's kern.securelevel; can be raised above the parent's, never lowered below it.",
        "",
        "- Default: parent's securelevel (kernel)",
        "",
        "Lower than parent: EPERM.",
        "",
        "---",
        "",
        "**Effective in jail `www`:** `3`",
        "",
        "Set by:",
        `- \`securelevel = 3\` in the jail's own block, ${link(J, 15)}`,
        "",
        "Replaces:",
        `- \`securelevel = 2\` in the global section, ${link(J, 7)}`,
      ].join("\n"),
    });
  });

  it("on a global statement lists each jail it reaches, and who overrides it", () => {
    const md = at(J, "securelevel = 2", 1)?.md ?? "";
    expect(md.slice(md.indexOf("**Effective"))).toBe(
      [
        "**Effective in 3 jails:**",
        "- `mail`: `2`",
        `- \`www\`: \`3\` — overridden by \`securelevel = 3\` in the jail's own block, ${link(J, 15)}`,
        "- `db`: `2`",
      ].join("\n"),
    );
  });

  it("shows a list built with `+=`, and each statement that built it", () => {
    const md = at(J, "exec.start +=", 1)?.md ?? "";
    expect(md.slice(md.indexOf("**Effective"))).toBe(
      [
        "**Effective in jail `www`:** ",
        "  - `/bin/sh /etc/rc`",
        "  - `/usr/local/bin/warmup`",
        "",
        "Set by:",
        `- \`exec.start = /bin/sh /etc/rc\` in the global section, ${link(J, 5)}`,
        `- \`exec.start += /usr/local/bin/warmup\` appended with \`+=\` in the jail's own block, ${link(J, 17)}`,
      ].join("\n"),
    );
  });

  it("says a parameter is deprecated and what replaces it", () => {
    const md = at(J, "allow.sysvipc", 1)?.md ?? "";
    expect(md).toContain("**Deprecated.** Deprecated in favour of the sysvmsg, sysvsem and sysvshm parameters (jail.8).");
    expect(md).toContain("Use instead: `sysvmsg`, `sysvsem` and `sysvshm`: `new` gives the jail a System V IPC namespace of its own");
    expect(md).toContain("**Effective in jail `db`:** `true`");
  });

  it("reads a wildcard section written after the jails as overriding them all", () => {
    const md = at(J, "allow.set_hostname", 1)?.md ?? "";
    expect(md.slice(md.indexOf("**Effective"))).toBe("**Effective in 3 jails:**\n- `mail`: `0`\n- `www`: `0`\n- `db`: `0`");
  });

  it("names a parameter the catalog does not know", () => {
    const c = contextOf({ "/etc/jail.conf": "w { host.hostnme = x; persist; }\n" });
    const h = hover(c, "/etc/jail.conf", { line: 0, character: 6 });
    expect(h?.contents).toEqual({
      kind: "markdown",
      value:
        "**host.hostnme** · not a parameter jail(8) knows\n\n---\n\n**Effective in jail `w`:** `x`\n\nSet by:\n- `host.hostnme = x` in the jail's own block, [jail.conf:1](file:///host/etc/jail.conf#L1)",
    });
  });

  it("documents a `no` boolean as the parameter set to false", () => {
    const c = contextOf({ "/etc/jail.conf": "w { allow.nomount; persist; }\n" });
    const md = mdOf(hover(c, "/etc/jail.conf", { line: 0, character: 6 }));
    expect(md?.split("\n")[0]).toBe("**allow.mount** · boolean · kernel parameter · written `allow.nomount`: sets it to false");
    expect(md).toContain("**Effective in jail `w`:** `false`");
  });
});

describe("hover on a jail.conf variable", () => {
  it("expands a reference in a global statement per jail, with where each value comes from", () => {
    expect(at(J, "$domain", 2, 1)).toEqual({
      range: "3:25-3:32",
      md: [
        "**${domain}** · expanded per jail by jail(8)",
        "",
        `- \`mail\`: \`example.org\` (variable, ${link(J, 2)})`,
        `- \`www\`: \`example.org\` (variable, ${link(J, 2)})`,
        `- \`db\`: \`example.org\` (variable, ${link(J, 2)})`,
      ].join("\n"),
    });
  });

  it("expands `$name` to the block name, pointing at the block", () => {
    expect(at(J, "$name", 2)?.md).toBe(
      [
        "**${name}** · expanded per jail by jail(8)",
        "",
        "- `mail`: `mail` (from the block name, [mail.conf:1](file:///host/etc/jail.conf.d/mail.conf#L1))",
        `- \`www\`: \`www\` (from the block name, ${link(J, 12)})`,
        `- \`db\`: \`db\` (from the block name, ${link(J, 20)})`,
      ].join("\n"),
    );
  });

  it("expands a reference inside a double-quoted string in a block", () => {
    expect(at(J, "$port", 2, 1)).toEqual({
      range: "22:43-22:48",
      md: `**\${port}** · expanded per jail by jail(8)\n\n- \`db\`: \`5432\` (variable, ${link(J, 21)})`,
    });
  });

  it("says when a reference is undefined for a jail", () => {
    const c = contextOf({ "/etc/jail.conf": 'path = "/j/$where";\na { persist; }\n' });
    expect(mdOf(hover(c, "/etc/jail.conf", { line: 0, character: 13 }))).toBe(
      '**${where}** · expanded per jail by jail(8)\n\n- `a`: **not defined** (jail(8) fails with `variable "where" not found`)',
    );
  });
});

describe("hover on an address", () => {
  it("in jail.conf: the jail, the interface rc.conf creates, and how jail(8) picks it", () => {
    expect(at(J, "127.0.1.10", 2)).toEqual({
      range: "12:16-12:33",
      md: "**`127.0.1.10`** · IPv4 /32 · loopback\n\n- jail `www` (primary address): interface `lo1`: created by rc.conf (`cloned_interfaces`) [rc.conf:4](file:///host/etc/rc.conf#L4) — from its `IF|` prefix",
    });
  });

  it("in an included file: also the host holding it", () => {
    expect(at("/etc/jail.conf.d/mail.conf", "203.0", 2)?.md).toBe(
      [
        "**`203.0.113.25`** · IPv4 /32 · global",
        "",
        "- jail `mail` (primary address): interface `em0`: configured in rc.conf [rc.conf:2](file:///host/etc/rc.conf#L2) — from its `IF|` prefix",
        "",
        "Also held by:",
        "- the host, on `em0` ([rc.conf:3](file:///host/etc/rc.conf#L3))",
      ].join("\n"),
    );
  });

  it("in rc.conf: the jails holding it", () => {
    expect(at("/etc/rc.conf", "203.0.113.25", 2)).toEqual({
      range: "2:26-2:41",
      md: "**`203.0.113.25/32`** · IPv4 on `em0`\n\nJails holding it:\n- `mail` ([mail.conf:2](file:///host/etc/jail.conf.d/mail.conf#L2))",
    });
  });

  it("in pf.conf: a host address and its holders, a network and the jails inside it", () => {
    expect(at("/etc/pf.conf", "127.0.1.11", 2)?.md).toBe(`**\`127.0.1.11\`** · IPv4\n\nHeld by:\n- jail \`db\` (${link(J, 22)})`);
    expect(at("/etc/pf.conf", "$jail_net", 2)?.md).toBe(
      "**$jail_net** · pf macro\n\n`127.0.1.0/24`\n\nDefined at [pf.conf:2](file:///host/etc/pf.conf#L2)\n\n---\n\n**`127.0.1.0/24`** · IPv4\n\nJails with an address in it: `www`, `db`",
    );
  });
});

describe("hover on jail names, includes and fstab files", () => {
  it("a block name: the jail's main facts and whether rc.conf starts it", () => {
    expect(at(J, "www {", 1)?.md).toBe(
      [
        "**jail `www`**",
        "",
        "- path: `/usr/local/jails/www`",
        "- host.hostname: `www.example.org`",
        "- ip4.addr: `lo1|127.0.1.10/32`",
        "- securelevel: `3`",
        "",
        "rc.conf: listed in `jail_list` ([rc.conf:6](file:///host/etc/rc.conf#L6)).",
      ].join("\n"),
    );
  });

  it("a jail_list word in rc.conf: the same, and a name jail.conf lacks", () => {
    expect(at("/etc/rc.conf", "mail", 1)?.md.split("\n")[0]).toBe("**jail `mail`**");
    const c = contextOf({ "/etc/jail.conf": "a { persist; }\n", "/etc/rc.conf": 'jail_list="a ghost"\n' });
    expect(hover(c, "/etc/rc.conf", { line: 0, character: 14 })?.contents).toEqual({
      kind: "markdown",
      value: "**`ghost`** · no jail of this name in jail.conf: rc.d/jail fails to start it.",
    });
  });

  it("a wildcard block: the jails it applies to", () => {
    expect(at(J, '"*" {', 1)?.md).toBe("`*` · wildcard section: its parameters apply to `mail`, `www`, `db`");
  });

  it("an .include: the files it reads", () => {
    expect(at(J, '.conf"', 1)).toEqual({
      range: "9:9-9:34",
      md: "**.include** `/etc/jail.conf.d/*.conf` (glob)\n\nReads:\n- [mail.conf:1](file:///host/etc/jail.conf.d/mail.conf#L1)",
    });
  });

  it("a mount.fstab value: the file and how many lines jail(8) mounts from it", () => {
    expect(at(J, "/etc/fstab.www", 2)?.md).toBe("**fstab(5) files jail(8) mounts:**\n- `www`: `/etc/fstab.www`: 1 mount line");
  });

  it("an enumerated value: what it means", () => {
    expect(at(J, "securelevel = 3", 14)?.md).toBe(
      "`securelevel = 3`: Network secure mode: as 2, and packet filter rules (pf, ipfw) and dummynet cannot be changed.",
    );
  });
});

describe("hover in pf.conf and rc.conf", () => {
  it("a macro: its value where it is used (and the interface it names), from the file or from pf_flags", () => {
    expect(at("/etc/pf.conf", "$ext_if", 2)).toEqual({
      range: "7:7-7:14",
      md: [
        "**$ext_if** · pf macro",
        "",
        "`em0`",
        "",
        "Defined at [pf.conf:1](file:///host/etc/pf.conf#L1)",
        "",
        "---",
        "",
        "**`em0`** · interface",
        "",
        "`em0`: configured in rc.conf [rc.conf:2](file:///host/etc/rc.conf#L2)",
        "",
        "Addresses on it:",
        "- the host: `203.0.113.2/24`",
        "- the host: `203.0.113.25/32`",
        "- jail `mail`: `203.0.113.25`",
      ].join("\n"),
    });
    expect(at("/etc/pf.conf", "$int_if", 2)?.md.split("\n\n---\n\n")).toEqual([
      "**$int_if** · pf macro from `pfctl -D` in rc.conf's `pf_flags` ([rc.conf:8](file:///host/etc/rc.conf#L8))\n\n`lo1`",
      expect.stringMatching(/^\*\*`lo1`\*\* · interface\n/),
    ]);
  });

  it("a macro defined in an included file, used there", () => {
    expect(at("/etc/pf.d/tables.conf", "$web_ip", 2)?.md).toBe(
      `**$web_ip** · pf macro\n\n\`127.0.1.10\`\n\nDefined at [tables.conf:1](file:///host/etc/pf.d/tables.conf#L1)\n\n---\n\n**\`127.0.1.10\`** · IPv4\n\nHeld by:\n- jail \`www\` (${link(J, 13)})`,
    );
  });

  it("a macro used before its definition", () => {
    const c = contextOf({ "/etc/pf.conf": "pass on $ifc\nifc = em0\n" }, { jailConf: [] });
    expect(mdOf(hover(c, "/etc/pf.conf", { line: 0, character: 9 }))).toBe(
      "**$ifc** · pf macro\n\n**Not defined** before this line: pfctl stops with `macro 'ifc' not defined`.",
    );
  });

  it("a table: its definition, in an included file", () => {
    expect(at("/etc/pf.conf", "<trusted>", 2)).toEqual({
      range: "11:24-11:33",
      md: "**<trusted>** · pf table\n\nAddresses: `192.0.2.0/24`, `127.0.1.10`\n\nDefined at [tables.conf:2](file:///host/etc/pf.d/tables.conf#L2)",
    });
  });

  it("an interface: where rc.conf creates it and the addresses on it", () => {
    expect(at("/etc/pf.conf", "lo1", 1)?.md).toBe(
      "**`lo1`** · interface\n\n`lo1`: created by rc.conf (`cloned_interfaces`) [rc.conf:4](file:///host/etc/rc.conf#L4)\n\nAddresses on it:\n- jail `www`: `127.0.1.10`\n- jail `db`: `127.0.1.11`",
    );
  });

  it("an rc.conf variable: its effective value and what it replaced", () => {
    const c = contextOf(
      { "/etc/rc.conf": 'jail_enable="NO"\n', "/etc/rc.conf.local": 'jail_enable="YES"\nx="$jail_enable"\n' },
      { jailConf: [] },
    );
    expect(mdOf(hover(c, "/etc/rc.conf", { line: 0, character: 2 }))).toBe(
      "**jail_enable** = `YES`\n\nSet at [rc.conf.local:1](file:///host/etc/rc.conf.local#L1)\n\nReplaces:\n- `NO` ([rc.conf:1](file:///host/etc/rc.conf#L1))",
    );
    expect(hover(c, "/etc/rc.conf.local", { line: 1, character: 5 })?.range).toEqual({
      start: { line: 1, character: 3 },
      end: { line: 1, character: 15 },
    });
  });

  it("nothing on blanks, comments and files the model did not read", () => {
    expect(hover(ctx, J, { line: 0, character: 5 })).toBeNull();
    expect(hover(ctx, J, { line: 8, character: 0 })).toBeNull();
    expect(hover(ctx, "/etc/other.conf", { line: 0, character: 0 })).toBeNull();
  });
});

describe("hover positions are UTF-16", () => {
  it("finds a name after an emoji on the line by its UTF-16 column", () => {
    const c = contextOf({ "/etc/jail.conf": 'w { host.hostname = "😀"; persist; }\n' });
    // `persist` spans UTF-16 columns 26-33 (the emoji is two units): the cursor right behind it is on it.
    expect(hover(c, "/etc/jail.conf", { line: 0, character: 33 })?.range).toEqual({
      start: { line: 0, character: 26 },
      end: { line: 0, character: 33 },
    });
  });
});
