import { parseJailConf, parsePfConf, parseRcConf } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { type DocumentSymbol, SymbolKind } from "vscode-languageserver-types";
import { contextOf, fixtureFiles } from "../../test-support/host.js";
import { documentSymbols, jailConfSymbols, pfConfSymbols, rcConfSymbols } from "./symbols.js";

const files = fixtureFiles("fixtures/lsp/host");
const kinds = new Map(Object.entries(SymbolKind).map(([k, v]) => [v, k]));

/** One line per symbol: indentation for depth, kind, name, detail, range and selection range (0-based). */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  const r = (x: DocumentSymbol["range"]) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
  return symbols.flatMap((s) => [
    `${"  ".repeat(depth)}${kinds.get(s.kind)} ${s.name}${s.detail ? ` (${s.detail})` : ""} ${r(s.range)} ${r(s.selectionRange)}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

describe("document symbols", () => {
  it("jail.conf: jails with their parameters, variables and includes", () => {
    const text = files["/etc/jail.conf"] as string;
    expect(outline(jailConfSymbols(parseJailConf(text), text))).toEqual([
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

  it("jail.conf: nested blocks nest, named by their full name in the detail", () => {
    const text = "a {\n  b {\n    persist;\n  }\n}\n";
    expect(outline(jailConfSymbols(parseJailConf(text), text))).toEqual([
      "Module a (jail) 0:0-4:1 0:0-0:1",
      "  Module b (jail a.b) 1:2-3:3 1:2-1:3",
      "    Property persist 2:4-2:12 2:4-2:11",
    ]);
  });

  it("pf.conf: statements grouped by section, an anchor holding its rules", () => {
    const text = files["/etc/pf.conf"] as string;
    expect(outline(pfConfSymbols(parsePfConf(text), text))).toEqual([
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

  it("rc.conf: each assignment with its value as written", () => {
    const text = 'jail_enable="YES"\nexport jail_list="a b"\n';
    expect(outline(rcConfSymbols(parseRcConf(text), text))).toEqual([
      'Variable jail_enable ("YES") 0:0-0:17 0:0-0:11',
      'Variable jail_list ("a b") 1:7-1:22 1:7-1:16',
    ]);
  });

  it("documentSymbols picks the file's kind from the model", () => {
    const ctx = contextOf(files);
    expect(documentSymbols(ctx, "/etc/pf.d/tables.conf").map((s) => s.name)).toEqual(["Macros", "Tables"]);
    expect(documentSymbols(ctx, "/etc/rc.conf")).toHaveLength(8);
    expect(documentSymbols(ctx, "/etc/jail.conf.d/mail.conf").map((s) => s.name)).toEqual(["mail"]);
    expect(documentSymbols(ctx, "/etc/fstab.www")).toEqual([]);
  });
});
