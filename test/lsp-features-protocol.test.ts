// The language server's editor features, driven as an editor drives them: a child process speaking JSON-RPC over
// stdio, asked for hovers, completions, definitions, references, outlines and formatting on the features' own
// fixture host, fixtures/lsp/host (on disk: what is not open is read from there, as `jaillint DIR` reads it).
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { LspClient, type Message, uriOf } from "./support/lsp-client.js";
import { range, read } from "./support/lsp-fixtures.js";

const root = join(repoRoot, "fixtures/lsp/host");
const J = join(root, "etc/jail.conf");
const P = join(root, "etc/pf.conf");
const R = join(root, "etc/rc.conf");

type Position = { line: number; character: number };
type Range = ReturnType<typeof range>;

/** The position `shift` characters into the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, shift = 0, nth = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`no ${nth + 1}. ${JSON.stringify(needle)}`);
  }
  const before = text.slice(0, i + shift);
  return { line: before.split("\n").length - 1, character: before.length - before.lastIndexOf("\n") - 1 };
}

/** A location in the fixture tree, `rel` from its root. */
const loc = (rel: string, sl: number, sc: number, el: number, ec: number) => ({
  uri: uriOf(join(root, rel)),
  range: range(sl, sc, el, ec),
});
/** The Markdown link a hover gives to a line of a fixture file. */
const link = (rel: string, line: number) => `[${basename(rel)}:${line}](${uriOf(join(root, rel))}#L${line})`;
const markdown = (value: string, r: Range) => ({ contents: { kind: "markdown", value }, range: r });

const KINDS: Record<number, string> = {
  1: "File",
  2: "Module",
  3: "Namespace",
  7: "Property",
  13: "Variable",
  14: "Constant",
  23: "Struct",
  24: "Event",
};
interface DocSymbol {
  name: string;
  kind: number;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children?: DocSymbol[];
}
/** One line per symbol (depth, kind, name, detail, range, selection range); a field it does not show fails it. */
function outline(symbols: readonly DocSymbol[], depth = 0): string[] {
  const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
  return symbols.flatMap((s) => {
    const extra = Object.keys(s).filter((k) => !["name", "kind", "detail", "range", "selectionRange", "children"].includes(k));
    return [
      `${"  ".repeat(depth)}${KINDS[s.kind] ?? s.kind} ${s.name}${s.detail !== undefined ? ` (${s.detail})` : ""} ${r(s.range)} ${r(s.selectionRange)}${extra.length ? ` +${extra.join(",")}` : ""}`,
      ...outline(s.children ?? [], depth + 1),
    ];
  });
}

const doc = (uri: string, position?: Position) => ({ textDocument: { uri }, ...(position ? { position } : {}) });

/**
 * Waits until the feature worker answers for `uri` (an outline that is not empty). The worker starts at the first
 * feature request and builds the host model then; a request it cannot answer within the server's time limit
 * (2.5 s) gets nothing, which on a loaded machine may happen to the first one.
 */
async function warm(c: LspClient, uri: string): Promise<void> {
  const until = Date.now() + 30_000;
  while ((await c.request<unknown[]>("textDocument/documentSymbol", doc(uri))).length === 0) {
    if (Date.now() > until) throw new Error(`no outline for ${uri} within 30 s; stderr: ${c.stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("with only rc.conf open", () => {
  let c: LspClient;
  let rc: string;
  const text = read(R);
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(root);
    rc = c.open(R, text, "sh");
    await c.diagnostics(rc);
    await warm(c, rc);
  });
  afterAll(async () => {
    expect(await c.stop()).toBe(0);
    expect(c.garbage).toBe("");
  });

  it("a jail_list word goes to the jail's block in jail.conf (read from disk), and in an included file", async () => {
    expect(await c.request("textDocument/definition", doc(rc, at(text, "www db", 1)))).toEqual([loc("etc/jail.conf", 11, 0, 11, 3)]);
    expect(await c.request("textDocument/definition", doc(rc, at(text, "mail", 1)))).toEqual([
      loc("etc/jail.conf.d/mail.conf", 0, 0, 0, 4),
    ]);
  });

  it("hovers a jail_list word with the jail's main facts, and an address with the jail holding it", async () => {
    expect(await c.request("textDocument/hover", doc(rc, at(text, "www db", 1)))).toEqual(
      markdown(
        [
          "**jail `www`**",
          "",
          "- path: `/usr/local/jails/www`",
          "- host.hostname: `www.example.org`",
          "- ip4.addr: `lo1|127.0.1.10/32`",
          "- securelevel: `3`",
          "",
          `rc.conf: listed in \`jail_list\` (${link("etc/rc.conf", 6)}).`,
        ].join("\n"),
        range(5, 11, 5, 14),
      ),
    );
    expect(await c.request("textDocument/hover", doc(rc, at(text, "203.0.113.25", 2)))).toEqual(
      markdown(
        `**\`203.0.113.25/32\`** · IPv4 on \`em0\`\n\nJails holding it:\n- \`mail\` (${link("etc/jail.conf.d/mail.conf", 2)})`,
        range(2, 26, 2, 41),
      ),
    );
  });

  it("nothing on a position with no name", async () => {
    expect(await c.request("textDocument/hover", doc(rc, { line: 4, character: 12 }))).toBeNull();
    expect(await c.request("textDocument/definition", doc(rc, at(text, "jail_enable", 13)))).toEqual([]);
  });

  it("answers from the open buffers: a jail renamed in jail.conf, unsaved, is gone from jail_list; closed unsaved, it is back", async () => {
    const jail = c.open(J, read(J), "jail-conf");
    c.change(jail, 2, [{ range: range(11, 0, 11, 3), text: "web" }]);
    const www = doc(rc, at(text, "www db", 1));
    expect(await c.request("textDocument/hover", www)).toEqual(
      markdown("**`www`** · no jail of this name in jail.conf: rc.d/jail fails to start it.", range(5, 11, 5, 14)),
    );
    expect(await c.request("textDocument/definition", www)).toEqual([]);
    c.notify("textDocument/didClose", { textDocument: { uri: jail } });
    expect(await c.request("textDocument/definition", www)).toEqual([loc("etc/jail.conf", 11, 0, 11, 3)]);
  });
});

describe("jail.conf and pf.conf open", () => {
  let c: LspClient;
  let jail: string;
  let pf: string;
  const jailText = read(J);
  const pfText = read(P);
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(root);
    jail = c.open(J, jailText, "jail-conf");
    pf = c.open(P, pfText, "pf");
    await Promise.all([c.diagnostics(jail), c.diagnostics(pf)]);
    await warm(c, jail);
  });
  afterAll(async () => {
    expect(await c.stop()).toBe(0);
    expect(c.garbage).toBe("");
  });

  describe("hover", () => {
    it("a parameter: its catalog documentation, its effective value in the jail, and the statement it replaces", async () => {
      expect(await c.request("textDocument/hover", doc(jail, at(jailText, "securelevel = 3", 1)))).toEqual(
        markdown(
          [
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
            `- \`securelevel = 3\` in the jail's own block, ${link("etc/jail.conf", 15)}`,
            "",
            "Replaces:",
            `- \`securelevel = 2\` in the global section, ${link("etc/jail.conf", 7)}`,
          ].join("\n"),
          range(14, 4, 14, 15),
        ),
      );
    });

    it("a `$variable`: its value in each jail, including the one of the included file", async () => {
      const where = `(variable, ${link("etc/jail.conf", 2)})`;
      expect(await c.request("textDocument/hover", doc(jail, at(jailText, "$domain", 2, 1)))).toEqual(
        markdown(
          [
            "**${domain}** · expanded per jail by jail(8)",
            "",
            `- \`mail\`: \`example.org\` ${where}`,
            `- \`www\`: \`example.org\` ${where}`,
            `- \`db\`: \`example.org\` ${where}`,
          ].join("\n"),
          range(3, 25, 3, 32),
        ),
      );
    });

    it("a pf macro: its value, where it is defined, and the interface it names with the addresses on it", async () => {
      expect(await c.request("textDocument/hover", doc(pf, at(pfText, "$ext_if", 2)))).toEqual(
        markdown(
          [
            "**$ext_if** · pf macro",
            "",
            "`em0`",
            "",
            `Defined at ${link("etc/pf.conf", 1)}`,
            "",
            "---",
            "",
            "**`em0`** · interface",
            "",
            `\`em0\`: configured in rc.conf ${link("etc/rc.conf", 2)}`,
            "",
            "Addresses on it:",
            "- the host: `203.0.113.2/24`",
            "- the host: `203.0.113.25/32`",
            "- jail `mail`: `203.0.113.25`",
          ].join("\n"),
          range(7, 7, 7, 14),
        ),
      );
    });

    it("an address: the jail holding it and its interface (jail.conf), the jail (pf.conf)", async () => {
      expect(await c.request("textDocument/hover", doc(jail, at(jailText, "127.0.1.10", 2)))).toEqual(
        markdown(
          `**\`127.0.1.10\`** · IPv4 /32 · loopback\n\n- jail \`www\` (primary address): interface \`lo1\`: created by rc.conf (\`cloned_interfaces\`) ${link("etc/rc.conf", 4)} — from its \`IF|\` prefix`,
          range(12, 16, 12, 33),
        ),
      );
      expect(await c.request("textDocument/hover", doc(pf, at(pfText, "127.0.1.11", 2)))).toEqual(
        markdown(`**\`127.0.1.11\`** · IPv4\n\nHeld by:\n- jail \`db\` (${link("etc/jail.conf", 22)})`, range(11, 37, 11, 47)),
      );
    });

    it("a pf table defined in an included file not open", async () => {
      expect(await c.request("textDocument/hover", doc(pf, at(pfText, "<trusted>", 2)))).toEqual(
        markdown(
          `**<trusted>** · pf table\n\nAddresses: \`192.0.2.0/24\`, \`127.0.1.10\`\n\nDefined at ${link("etc/pf.d/tables.conf", 2)}`,
          range(11, 24, 11, 33),
        ),
      );
    });

    it("nothing on a comment or a blank line", async () => {
      expect(await c.request("textDocument/hover", doc(jail, { line: 0, character: 5 }))).toBeNull();
      expect(await c.request("textDocument/hover", doc(jail, { line: 8, character: 0 }))).toBeNull();
    });
  });

  describe("definition and references", () => {
    it("a pf macro use goes to its definition", async () => {
      expect(await c.request("textDocument/definition", doc(pf, at(pfText, "$ext_if", 2)))).toEqual([loc("etc/pf.conf", 0, 0, 0, 6)]);
    });

    it("an .include path goes to each file it reads", async () => {
      expect(await c.request("textDocument/definition", doc(jail, at(jailText, '.conf"', 1)))).toEqual([
        loc("etc/jail.conf.d/mail.conf", 0, 0, 0, 0),
      ]);
      expect(await c.request("textDocument/definition", doc(pf, at(pfText, "tables.conf", 2)))).toEqual([
        loc("etc/pf.d/tables.conf", 0, 0, 0, 0),
      ]);
    });

    it("a pf table: its name in the included file and in the ruleset, with and without the declaration", async () => {
      const position = at(pfText, "<trusted>", 2);
      expect(await c.request("textDocument/references", { ...doc(pf, position), context: { includeDeclaration: true } })).toEqual([
        loc("etc/pf.d/tables.conf", 1, 7, 1, 14),
        loc("etc/pf.conf", 11, 25, 11, 32),
      ]);
      expect(await c.request("textDocument/references", { ...doc(pf, position), context: { includeDeclaration: false } })).toEqual([
        loc("etc/pf.conf", 11, 25, 11, 32),
      ]);
      expect(
        await c.request("textDocument/references", { ...doc(pf, at(pfText, "blocked", 2)), context: { includeDeclaration: true } }),
      ).toEqual([loc("etc/pf.conf", 3, 7, 3, 14), loc("etc/pf.conf", 12, 21, 12, 28)]);
    });

    it("a jail block's references: rc.conf's jail_list (not open) and another jail's depend", async () => {
      expect(
        await c.request("textDocument/references", { ...doc(jail, at(jailText, "www {", 1)), context: { includeDeclaration: true } }),
      ).toEqual([loc("etc/jail.conf", 11, 0, 11, 3), loc("etc/rc.conf", 5, 11, 5, 14), loc("etc/jail.conf", 23, 13, 23, 16)]);
    });
  });

  describe("document symbols", () => {
    it("jail.conf: the global parameters, variables and include, then each jail with its parameters", async () => {
      expect(outline(await c.request<DocSymbol[]>("textDocument/documentSymbol", doc(jail)))).toEqual([
        "Variable $domain (example.org) 1:0-1:24 1:0-1:7",
        "Property path (/usr/local/jails/$name) 2:0-2:32 2:0-2:4",
        "Property host.hostname (${name}.$domain) 3:0-3:34 3:0-3:13",
        "Property exec.start (/bin/sh /etc/rc) 4:0-4:31 4:0-4:10",
        "Property exec.clean 5:0-5:11 5:0-5:10",
        "Property securelevel (2) 6:0-6:16 6:0-6:11",
        "Property mount.devfs 7:0-7:12 7:0-7:11",
        "File .include (/etc/jail.conf.d/*.conf) 9:0-9:35 9:0-9:35",
        "Module www (jail) 11:0-17:1 11:0-11:3",
        "  Property ip4.addr (lo1|127.0.1.10/32) 12:4-12:35 12:4-12:12",
        "  Property allow.raw_sockets 13:4-13:22 13:4-13:21",
        "  Property securelevel (3) 14:4-14:20 14:4-14:15",
        "  Property mount.fstab (/etc/fstab.www) 15:4-15:35 15:4-15:15",
        "  Property exec.start (+= /usr/local/bin/warmup) 16:4-16:42 16:4-16:14",
        "Module db (jail) 19:0-25:1 19:0-19:2",
        "  Variable $port (5432) 20:4-20:17 20:4-20:9",
        "  Property ip4.addr (lo1|127.0.1.11/32) 21:4-21:35 21:4-21:12",
        "  Property exec.start (/usr/local/bin/pg --port $port) 22:4-22:50 22:4-22:14",
        "  Property depend (www) 23:4-23:17 23:4-23:10",
        "  Property allow.sysvipc 24:4-24:18 24:4-24:17",
        "Namespace * (wildcard section) 27:0-29:1 27:0-27:3",
        "  Property allow.set_hostname (0) 28:4-28:27 28:4-28:22",
      ]);
    });

    it("pf.conf: its statements by section, the anchor holding its rule", async () => {
      expect(outline(await c.request<DocSymbol[]>("textDocument/documentSymbol", doc(pf)))).toEqual([
        "Namespace Macros 0:0-1:25 0:0-0:6",
        "  Constant ext_if (em0) 0:0-0:14 0:0-0:6",
        "  Constant jail_net (127.0.1.0/24) 1:0-1:25 1:0-1:8",
        "Namespace Includes 2:0-2:31 2:8-2:31",
        "  File include (/etc/pf.d/tables.conf) 2:0-2:31 2:8-2:31",
        "Namespace Tables 3:0-3:23 3:7-3:14",
        "  Struct <blocked> (persist · 0 entries) 3:0-3:23 3:7-3:14",
        "Namespace Options 5:0-5:15 5:0-5:15",
        "  Property set skip (on lo0) 5:0-5:15 5:0-5:15",
        "Namespace Translation 7:0-7:49 7:0-7:49",
        "  Event nat on $ext_if from $jail_net to any -> ($ext_if) 7:0-7:49 7:0-7:49",
        "Namespace Filtering 9:0-15:1 9:0-9:12",
        "  Event block in all 9:0-9:12 9:0-9:12",
        "  Event pass in on $ext_if proto tcp to 203.0.113.25 port smtp 10:0-10:54 10:0-10:54",
        "  Event pass in on $int_if from <trusted> to 127.0.1.11 port 5432 11:0-11:57 11:0-11:57",
        "  Event block in quick from <blocked> 12:0-12:29 12:0-12:29",
        '  Namespace anchor "jails" (1 rule) 13:0-15:1 13:7-13:14',
        "    Event pass in on lo1 from $jail_net to $jail_net 14:2-14:44 14:2-14:44",
      ]);
    });
  });

  describe("completion, as the user types", () => {
    // Line 13 is `    allow.raw_sockets;` in www's block: the user deletes the end of the name, then types a value.
    let version = 1;
    const typed = (r: Range, text: string) => c.change(jail, ++version, [{ range: r, text }]);
    afterAll(() => typed(range(13, 4, 13, 11), "allow.raw_sockets;"));

    it("at a parameter name: every settable parameter with its documentation, `no` booleans, .include", async () => {
      typed(range(13, 12, 13, 22), "");
      const items = await c.request<{ label: string; textEdit: unknown }[]>(
        "textDocument/completion",
        doc(jail, { line: 13, character: 12 }),
      );
      const byLabel = new Map(items.map((i) => [i.label, i]));
      const replacing = (newText: string) => ({ range: range(13, 4, 13, 12), newText });
      // Every item replaces what was typed of the name.
      expect(items.filter((i) => JSON.stringify(i.textEdit) !== JSON.stringify(replacing(i.label)))).toEqual([]);
      expect(byLabel.get("securelevel")).toEqual({
        label: "securelevel",
        kind: 10,
        detail: "integer · kernel parameter",
        documentation: {
          kind: "markdown",
          value:
            "**securelevel** · integer · kernel parameter\n\nThe jail's kern.securelevel; can be raised above the parent's, never lowered below it.\n\n- Default: parent's securelevel (kernel)\n\nLower than parent: EPERM.",
        },
        sortText: "1securelevel",
        textEdit: replacing("securelevel"),
      });
      expect(byLabel.get("allow.raw_sockets")).toEqual({
        label: "allow.raw_sockets",
        kind: 10,
        detail: "boolean · kernel parameter",
        documentation: {
          kind: "markdown",
          value:
            "**allow.raw_sockets** · boolean · kernel parameter\n\nJail root may create raw sockets (ping, traceroute); source addresses are forced to the jail's IPs.\n\n- Default: false",
        },
        sortText: "1allow.raw_sockets",
        textEdit: replacing("allow.raw_sockets"),
      });
      expect(byLabel.get("allow.noraw_sockets")).toEqual({
        label: "allow.noraw_sockets",
        kind: 10,
        detail: "boolean · kernel parameter · sets allow.raw_sockets to false",
        documentation: {
          kind: "markdown",
          value:
            "**allow.raw_sockets** · boolean · kernel parameter · written `allow.noraw_sockets`: sets it to false\n\nJail root may create raw sockets (ping, traceroute); source addresses are forced to the jail's IPs.\n\n- Default: false",
        },
        sortText: "2allow.noraw_sockets",
        textEdit: replacing("allow.noraw_sockets"),
      });
      // A deprecated parameter is tagged so; .include is a keyword.
      expect(byLabel.get("allow.sysvipc")).toMatchObject({ tags: [1], sortText: "1allow.sysvipc" });
      expect(byLabel.get(".include")).toEqual({
        label: ".include",
        kind: 14,
        detail: "read another jail.conf file here (FreeBSD 14.0+)",
        documentation: {
          kind: "markdown",
          value: '`.include "/etc/jail.conf.d/*.conf";` — a glob that matches nothing is skipped; a missing plain file stops jail(8).',
        },
        sortText: "3.include",
        textEdit: replacing(".include"),
      });
      // Read-only parameters and the catalog's placeholders are not offered.
      for (const absent of ["children.cur", "allow.mount.<fs>", "ip4.noaddr", "dying"]) expect(byLabel.has(absent), absent).toBe(false);
    });

    it("at the value of an enumeration: vnet takes new and inherit (no disable)", async () => {
      typed(range(13, 4, 13, 12), "vnet = ");
      const value = (label: string, documentation: string, sortText: string) => ({
        label,
        kind: 20,
        detail: "vnet value",
        documentation: { kind: "markdown", value: documentation },
        textEdit: { range: range(13, 11, 13, 11), newText: label },
        sortText,
      });
      expect(await c.request("textDocument/completion", doc(jail, { line: 13, character: 11 }))).toEqual([
        value("new", "The jail gets its own (restricted by the parameters that go with it).", "000"),
        value("inherit", "The jail shares the parent's.", "001"),
      ]);
    });
  });

  describe("formatting", () => {
    it("gives no edit for the formatted fixture, and null for a pf.conf (jail.conf is the one kind it formats)", async () => {
      const options = { tabSize: 4, insertSpaces: true };
      expect(await c.request("textDocument/formatting", { ...doc(jail), options })).toEqual([]);
      expect(await c.request("textDocument/formatting", { ...doc(pf), options })).toBeNull();
    });
  });
});

/** Applies LSP edits to a text, as an editor does. */
function apply(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const off = (p: Position) => (starts[p.line] ?? text.length) + p.character;
  return [...edits]
    .sort((a, b) => off(b.range.start) - off(a.range.start))
    .reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), text);
}

describe("formatting a jail.conf", () => {
  let c: LspClient;
  const options = { tabSize: 4, insertSpaces: true };
  const messyPath = join(repoRoot, "fixtures/lsp/format/messy.conf");
  const messy = read(messyPath);
  const formatted = read(join(repoRoot, "fixtures/lsp/format/messy.conf.formatted"));
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(null);
  });
  afterAll(async () => {
    expect(await c.stop()).toBe(0);
    expect(c.garbage).toBe("");
  });

  it("a messy file: one edit over the lines that change, giving the formatter's golden text", async () => {
    const uri = c.open(messyPath, messy, "jail-conf");
    await c.diagnostics(uri);
    await warm(c, uri);
    const edits = await c.request<{ range: Range; newText: string }[]>("textDocument/formatting", { ...doc(uri), options });
    // The first line (a comment) and the last (`}`) are already formatted: the edit leaves them.
    const lines = formatted.split("\n");
    expect(edits).toEqual([{ range: range(1, 0, 23, 0), newText: `${lines.slice(1, -2).join("\n")}\n` }]);
    expect(apply(messy, edits)).toBe(formatted);
    // Formatted, it gives no edit.
    c.change(uri, 2, [{ text: formatted }]);
    expect(await c.request("textDocument/formatting", { ...doc(uri), options })).toEqual([]);
  });

  it("indents with tabs when the editor does", async () => {
    const uri = c.open(join(scratch(), "jail.conf"), "w {\n    b;\n}\n", "jail-conf");
    await c.diagnostics(uri);
    expect(await c.request("textDocument/formatting", { ...doc(uri), options: { tabSize: 8, insertSpaces: false } })).toEqual([
      { range: range(1, 0, 2, 0), newText: "\tb;\n" },
    ]);
  });

  it("keeps a CRLF file's line ends", async () => {
    const uri = c.open(join(scratch(), "jail.conf"), "# x\r\nw {\r\nb=2;\r\n}\r\n", "jail-conf");
    await c.diagnostics(uri);
    expect(await c.request("textDocument/formatting", { ...doc(uri), options })).toEqual([
      { range: range(2, 0, 3, 0), newText: "    b = 2;\r\n" },
    ]);
  });

  it("refuses a file with a syntax error: null, and a log message saying where and why", async () => {
    const path = join(scratch(), "broken.conf");
    const from = c.notifications.length;
    const uri = c.open(path, "w {\n  a = 1\n  b;\n}\n", "jail-conf");
    await c.diagnostics(uri);
    expect(await c.request("textDocument/formatting", { ...doc(uri), options })).toBeNull();
    const logged = await c.waitFor(
      (m: Message) => m.method === "window/logMessage" && String((m.params as { message: string }).message).includes("not formatted"),
      15_000,
      from,
    );
    expect(logged.params).toEqual({
      type: 4,
      message: `jaillint: ${path}:2:7: not formatted: missing \`;\` after this statement (found \`b\` instead): end each parameter with \`;\``,
    });
  });
});
