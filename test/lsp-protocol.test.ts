// The language server, driven as an editor drives it: a child process speaking JSON-RPC over stdio.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratch } from "./support/cli.js";
import { cliBin, LspClient, type PublishDiagnostics, ResponseFailure, uriOf } from "./support/lsp-client.js";
import { expected, hostCopy, lspHosts, MESSAGES, range, read } from "./support/lsp-fixtures.js";

const simple = join(lspHosts, "simple");
const simpleJail = join(simple, "etc/jail.conf");
const cross = join(lspHosts, "cross");

const SIMPLE_DIAGNOSTICS = [
  expected("JL101", "warning", range(4, 4, 4, 18), MESSAGES.JL101db),
  expected("JL104", "warning", range(8, 4, 8, 22), MESSAGES.JL104mon),
  expected("JL002", "error", range(12, 4, 12, 16), MESSAGES.JL002www),
];

describe("initialize and shutdown", () => {
  it("answers initialize with its capabilities, and exits 0 after shutdown and exit", async () => {
    const c = new LspClient();
    const init = await c.initialize(simple);
    expect(init).toEqual({
      capabilities: {
        textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ["quickfix", "source.fixAll.jaillint"], resolveProvider: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [".", "$", "{", "<"] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentFormattingProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "jaillint", version: "0.1.0" },
    });
    // A client that can register watchers is asked to send every file change.
    await expect
      .poll(() => c.serverRequests.map((r) => [r.method, r.params]))
      .toEqual([
        [
          "client/registerCapability",
          {
            registrations: [
              {
                id: expect.any(String),
                method: "workspace/didChangeWatchedFiles",
                registerOptions: { watchers: [{ globPattern: "**/*" }] },
              },
            ],
          },
        ],
      ]);
    expect(await c.request("shutdown")).toBeNull();
    c.notify("exit");
    expect((await c.exited).code).toBe(0);
    expect(c.garbage).toBe("");
  });

  it("exits 1 on exit without shutdown, and when its input closes", async () => {
    const a = new LspClient();
    await a.initialize(null);
    a.notify("exit");
    expect((await a.exited).code).toBe(1);
    const b = new LspClient();
    await b.initialize(null);
    b.closeInput();
    expect((await b.exited).code).toBe(1);
  });

  it("starts as `jaillint lsp --stdio` too", async () => {
    const c = new LspClient([cliBin, "lsp", "--stdio"]);
    const init = (await c.initialize(simple)) as { serverInfo: unknown };
    expect(init.serverInfo).toEqual({ name: "jaillint", version: "0.1.0" });
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    expect((await c.diagnostics(uri)).diagnostics).toEqual(SIMPLE_DIAGNOSTICS);
    expect(await c.stop()).toBe(0);
    expect(c.garbage).toBe("");
  });
});

describe("diagnostics", () => {
  let c: LspClient;
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(lspHosts);
  });
  afterAll(async () => {
    await c.stop();
    expect(c.garbage).toBe("");
  });

  it("publishes a jail.conf's findings on open: codes, ranges, messages, the rule's page, JL101's Deprecated tag", async () => {
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    expect(await c.diagnostics(uri)).toEqual({ uri, version: 1, diagnostics: SIMPLE_DIAGNOSTICS });
  });

  it("publishes again on change (incremental), for the new version", async () => {
    const uri = uriOf(simpleJail);
    // host.hostnme → host.hostname: JL002 goes.
    c.change(uri, 2, [{ range: range(12, 14, 12, 14), text: "a" }]);
    expect(await c.diagnostics(uri, 2)).toEqual({ uri, version: 2, diagnostics: SIMPLE_DIAGNOSTICS.slice(0, 2) });
    // A whole-text change (no range) replaces the buffer. The file rules may answer first, with nothing (none of
    // theirs here, and no finding of the old text is carried over a change of all of it); the host's lint finds JL104.
    const before3 = c.notifications.length;
    c.change(uri, 3, [{ text: "securelevel = 3;\nwww {\n    allow.raw_sockets;\n}\n" }]);
    const v3 = (n: { method?: string; params?: unknown }) =>
      n.method === "textDocument/publishDiagnostics" &&
      (n.params as PublishDiagnostics).uri === uri &&
      (n.params as PublishDiagnostics).version === 3;
    const host3 = await c.waitFor<PublishDiagnostics>(
      (n) => v3(n) && (n.params as PublishDiagnostics).diagnostics.length > 0,
      15_000,
      before3,
    );
    expect(host3.params.diagnostics).toEqual([
      expected("JL104", "warning", range(2, 4, 2, 22), MESSAGES.JL104mon.replace('"mon"', '"www"')),
    ]);
    const earlier = c.notifications.slice(before3, c.notifications.indexOf(host3 as never)).filter(v3);
    expect(earlier.map((n) => (n.params as PublishDiagnostics).diagnostics)).toEqual(earlier.length === 0 ? [] : [[]]);
    c.notify("textDocument/didClose", { textDocument: { uri } });
    // Closed, and no other document of its host open: its diagnostics are cleared.
    const from = c.notifications.length;
    expect(await c.diagnostics(uri, undefined, 15_000, from)).toEqual({ uri, diagnostics: [] });
  });

  it("applies jaillint.config.json and suppression comments as the CLI does", async () => {
    const file = join(lspHosts, "configured/etc/jail.conf");
    const uri = c.open(file, read(file), "jail-conf");
    expect((await c.diagnostics(uri)).diagnostics).toEqual([
      // JL002 lowered to a warning by the override, JL104 off, JL101 suppressed by its comment.
      expected("JL002", "warning", range(13, 4, 13, 16), MESSAGES.JL002www),
      expected("JL000", "info", range(17, 4, 17, 38), "unused suppression: no JL105 finding on the next line; remove this comment"),
    ]);
    c.notify("textDocument/didClose", { textDocument: { uri } });
  });

  it("with only jail.conf open, shows the findings that come from pf.conf on disk (JL202 on jail.conf, JL203 on pf.conf)", async () => {
    const jail = join(cross, "etc/jail.conf");
    const pf = uriOf(join(cross, "etc/pf.conf"));
    const from = c.notifications.length;
    const uri = c.open(jail, read(jail), "jail-conf");
    expect(await c.diagnostics(uri, 1, 15_000, from)).toEqual({
      uri,
      version: 1,
      diagnostics: [
        expected("JL202", "warning", range(9, 16, 9, 32), MESSAGES.JL202cross, [
          { uri: pf, range: range(4, 0, 4, 12), message: "passes it out on lo2" },
          { uri: pf, range: range(5, 0, 5, 18), message: "passes it in on lo2" },
          { uri, range: range(12, 16, 12, 32), message: 'jail "ci" (127.0.2.2 on lo2) too' },
        ]),
      ],
    });
    // pf.conf is not open: its own findings are published all the same, without a version.
    expect(await c.diagnostics(pf, undefined, 15_000, from)).toEqual({
      uri: pf,
      diagnostics: [expected("JL203", "warning", range(1, 18, 1, 21), MESSAGES.JL203cross)],
    });
    expect(await c.diagnostics(uriOf(join(cross, "etc/rc.conf")), undefined, 15_000, from)).toEqual({
      uri: uriOf(join(cross, "etc/rc.conf")),
      diagnostics: [],
    });
  });

  it("an edit to pf.conf updates jail.conf's diagnostics", async () => {
    const jail = uriOf(join(cross, "etc/jail.conf"));
    const pfPath = join(cross, "etc/pf.conf");
    const pf = c.open(pfPath, read(pfPath), "pf");
    await c.diagnostics(pf, 1);
    const from = c.notifications.length;
    // Drop `pass in on lo2 all`: lo2 is blocked in, so the lo2 jails no longer reach each other.
    c.change(pf, 2, [{ range: range(5, 0, 6, 0), text: "" }]);
    expect(await c.diagnostics(jail, 1, 15_000, from)).toEqual({ uri: jail, version: 1, diagnostics: [] });
    expect((await c.diagnostics(pf, 2, 15_000, from)).diagnostics).toEqual([
      expected("JL203", "warning", range(1, 18, 1, 21), MESSAGES.JL203cross),
    ]);
    // Closing pf.conf without saving: the disk's pf.conf counts again, and JL202 is back.
    const again = c.notifications.length;
    c.notify("textDocument/didClose", { textDocument: { uri: pf } });
    expect((await c.diagnostics(jail, 1, 15_000, again)).diagnostics.map((d) => d.code)).toEqual(["JL202"]);
    c.notify("textDocument/didClose", { textDocument: { uri: jail } });
  });

  it("lints a file outside any config tree alone, its kind from its language id", async () => {
    const dir = scratch();
    const file = join(dir, "filter.rules");
    const text = "block in all\npass in on $ext_if proto tcp to port 22\n";
    writeFileSync(file, text);
    const outside = new LspClient();
    await outside.initialize(null);
    const uri = outside.open(file, text, "pf");
    expect((await outside.diagnostics(uri)).diagnostics).toEqual([
      expected(
        "JL401",
        "error",
        range(1, 11, 1, 18),
        "macro $ext_if is never defined: pfctl stops with \"macro 'ext_if' not defined\" and loads none of the rules, unless pfctl is run with -D ext_if=… (rc.conf pf_flags); define it above this line",
      ),
    ]);
    // A name that says nothing and a language id that says nothing either: the content decides, as in the CLI.
    const guessed = join(dir, "hosts.txt");
    const jailText = "www {\n    allow.raw_sockets;\n}\n";
    const guessedUri = outside.open(guessed, jailText, "plaintext");
    expect((await outside.diagnostics(guessedUri)).diagnostics.map((d) => d.code)).toEqual(["JL103", "JL104"]);
    // A shell script is not taken for an rc.conf on its looks.
    const script = outside.open(join(dir, "deploy.sh"), 'TARGET="/usr/local/www"\nrsync -a . "$TARGET"\n', "shellscript");
    expect(await outside.diagnostics(script)).toEqual({ uri: script, version: 1, diagnostics: [] });
    await expect
      .poll(() => outside.notifications.some((n) => JSON.stringify(n.params).includes("deploy.sh: cannot tell what kind of file this is")))
      .toBe(true);
    await outside.stop();
  });
});

describe("placing documents", () => {
  it("puts files of one tree opened together in one host, and a file of the tree no one includes alone", async () => {
    const dir = hostCopy("cross");
    const extra = join(dir, "etc/extra.conf");
    writeFileSync(extra, "test {\n    allow.raw_sockets;\n}\n");
    const c = new LspClient();
    await c.initialize(dir);
    const files = ["etc/jail.conf", "etc/pf.conf", "etc/rc.conf"].map((f) => join(dir, f));
    const [jail, pf, rc] = [
      c.open(files[0] as string, read(files[0] as string), "jail-conf"),
      c.open(files[1] as string, read(files[1] as string), "pf"),
      c.open(files[2] as string, read(files[2] as string), "sh"),
    ];
    const loose = c.open(extra, read(extra), "jail-conf");
    expect((await c.diagnostics(jail as string, 1)).diagnostics.map((d) => d.code)).toEqual(["JL202"]);
    expect((await c.diagnostics(pf as string, 1)).diagnostics.map((d) => d.code)).toEqual(["JL203"]);
    expect((await c.diagnostics(rc as string, 1)).diagnostics).toEqual([]);
    // extra.conf is in the tree's etc/, but nothing includes it: it is linted alone (no securelevel: JL103 too).
    expect((await c.diagnostics(loose, 1)).diagnostics.map((d) => d.code)).toEqual(["JL103", "JL104"]);
    // Once jail.conf includes it, it is part of the host: JL104 stays, the global securelevel now covers it.
    const from = c.notifications.length;
    c.change(jail as string, 2, [{ range: range(0, 0, 0, 0), text: '.include "/etc/extra.conf";\n' }]);
    expect((await c.diagnostics(loose, 1, 15_000, from)).diagnostics.map((d) => d.code)).toEqual(["JL104"]);
    // Moving between hosts, it is never cleared in between.
    expect(c.published(loose).map((p) => p.diagnostics.length)).toEqual([2, 1]);
    await c.stop();
  });
});

describe("version ordering", () => {
  it("never publishes an older version after a newer one, and ends at the last version sent", async () => {
    const c = new LspClient();
    await c.initialize(lspHosts);
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    await c.diagnostics(uri, 1);
    // Bursts of edits, some closer together than the debounce and some farther apart than a lint takes.
    let version = 1;
    for (let burst = 0; burst < 6; burst++) {
      for (let i = 0; i < 5; i++) {
        version++;
        c.change(uri, version, [{ range: range(0, 0, 0, 0), text: i % 2 === 0 ? "#" : "" }]);
      }
      await new Promise((r) => setTimeout(r, burst * 60));
    }
    const last = await c.diagnostics(uri, version);
    expect(last.diagnostics).toEqual(SIMPLE_DIAGNOSTICS);
    const versions = c.published(uri).map((p) => p.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(version);
    await c.stop();
  });
});

describe("code actions", () => {
  let c: LspClient;
  let uri: string;
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(lspHosts);
    uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    await c.diagnostics(uri, 1);
  });
  afterAll(async () => {
    await c.stop();
  });
  const versioned = (version: number, edits: unknown[]) => ({ documentChanges: [{ textDocument: { uri, version }, edits }] });
  const [jl101, jl104, jl002] = SIMPLE_DIAGNOSTICS;

  it("offers a safe fix (preferred), the disable comment, and fix-all on a fixable finding", async () => {
    const actions = await c.request("textDocument/codeAction", {
      textDocument: { uri },
      range: range(4, 6, 4, 6),
      context: { diagnostics: [] },
    });
    expect(actions).toEqual([
      {
        title: "JL101: replace with sysvmsg = new; sysvsem = new; sysvshm = new;",
        kind: "quickfix",
        diagnostics: [jl101],
        isPreferred: true,
        edit: versioned(1, [{ range: range(4, 4, 4, 18), newText: "sysvmsg = new; sysvsem = new; sysvshm = new;" }]),
      },
      {
        title: "Disable JL101 for this line",
        kind: "quickfix",
        diagnostics: [jl101],
        edit: versioned(1, [
          { range: range(4, 0, 4, 0), newText: "    # jaillint-disable-next-line JL101 -- TODO: say why this is acceptable\n" },
        ]),
      },
      {
        title: "Fix all safe jaillint problems in this file",
        kind: "source.fixAll.jaillint",
        data: { jaillint: "fixAll", uri, version: 1 },
      },
    ]);
  });

  it("labels an unsafe fix and does not prefer it", async () => {
    const actions = await c.request("textDocument/codeAction", {
      textDocument: { uri },
      range: range(12, 0, 12, 30),
      context: { diagnostics: [], only: ["quickfix"] },
    });
    expect(actions).toEqual([
      {
        title: "JL002: rename to host.hostname (unsafe)",
        kind: "quickfix",
        diagnostics: [jl002],
        isPreferred: false,
        edit: versioned(1, [{ range: range(12, 4, 12, 16), newText: "host.hostname" }]),
      },
      {
        title: "Disable JL002 for this line",
        kind: "quickfix",
        diagnostics: [jl002],
        edit: versioned(1, [
          { range: range(12, 0, 12, 0), newText: "    # jaillint-disable-next-line JL002 -- TODO: say why this is acceptable\n" },
        ]),
      },
    ]);
  });

  it("offers only what `only` asks for, and nothing off the findings' lines but fix-all", async () => {
    expect(
      await c.request("textDocument/codeAction", {
        textDocument: { uri },
        range: range(8, 0, 8, 0),
        context: { diagnostics: [], only: ["source"] },
      }),
    ).toEqual([
      {
        title: "Fix all safe jaillint problems in this file",
        kind: "source.fixAll.jaillint",
        data: { jaillint: "fixAll", uri, version: 1 },
      },
    ]);
    expect(
      await c.request("textDocument/codeAction", {
        textDocument: { uri },
        range: range(1, 0, 1, 5),
        context: { diagnostics: [], only: ["quickfix"] },
      }),
    ).toEqual([]);
    // JL104 has no fix: disabling it is what there is.
    expect(
      await c.request("textDocument/codeAction", {
        textDocument: { uri },
        range: range(8, 9, 8, 9),
        context: { diagnostics: [jl104], only: ["quickfix"] },
      }),
    ).toEqual([
      {
        title: "Disable JL104 for this line",
        kind: "quickfix",
        diagnostics: [jl104],
        edit: versioned(1, [
          { range: range(8, 0, 8, 0), newText: "    # jaillint-disable-next-line JL104 -- TODO: say why this is acceptable\n" },
        ]),
      },
    ]);
  });

  it("resolves fix-all to the text `jaillint --fix` writes (safe fixes only)", async () => {
    const resolved = await c.request("codeAction/resolve", {
      title: "Fix all safe jaillint problems in this file",
      kind: "source.fixAll.jaillint",
      data: { jaillint: "fixAll", uri, version: 1 },
    });
    expect(resolved).toEqual({
      title: "Fix all safe jaillint problems in this file",
      kind: "source.fixAll.jaillint",
      edit: versioned(1, [{ range: range(4, 4, 4, 17), newText: "sysvmsg = new; sysvsem = new; sysvshm = new" }]),
    });
  });

  it("the disable comment, applied, suppresses the finding (and needs its reason filled in, not more)", async () => {
    c.change(uri, 2, [{ range: range(8, 0, 8, 0), text: "    # jaillint-disable-next-line JL104 -- TODO: say why this is acceptable\n" }]);
    expect((await c.diagnostics(uri, 2)).diagnostics).toEqual([jl101, expected("JL002", "error", range(13, 4, 13, 16), MESSAGES.JL002www)]);
  });

  it("computes actions for the current text when asked right after an edit", async () => {
    // A line inserted at the top moves every finding down; the action is for version 3, not the published 2.
    c.change(uri, 3, [{ range: range(0, 0, 0, 0), text: "\n" }]);
    const actions = (await c.request("textDocument/codeAction", {
      textDocument: { uri },
      range: range(5, 4, 5, 4),
      context: { diagnostics: [], only: ["quickfix"] },
    })) as { title: string; edit: unknown }[];
    expect(actions[0]).toMatchObject({
      title: "JL101: replace with sysvmsg = new; sysvsem = new; sysvshm = new;",
      edit: versioned(3, [{ range: range(5, 4, 5, 18), newText: "sysvmsg = new; sysvsem = new; sysvshm = new;" }]),
    });
  });
});

describe("the disable comment in a statement over several lines", () => {
  it("goes above the statement's first line, where it covers the finding", async () => {
    const c = new LspClient();
    const dir = join(lspHosts, "multiline");
    await c.initialize(dir);
    const rc = join(dir, "etc/rc.conf");
    const uri = c.open(rc, read(rc), "sh");
    const jl302 = expected(
      "JL302",
      "error",
      range(3, 4, 3, 8),
      'jail_list names "nope", which jail.conf does not define: rc.d/jail cannot start it; define it or drop it from jail_list',
    );
    expect((await c.diagnostics(uri, 1)).diagnostics).toEqual([jl302]);
    const actions = await c.request("textDocument/codeAction", {
      textDocument: { uri },
      range: range(3, 5, 3, 5),
      context: { diagnostics: [jl302] },
    });
    const insert = { range: range(1, 0, 1, 0), newText: "# jaillint-disable-next-line JL302 -- TODO: say why this is acceptable\n" };
    expect(actions).toEqual([
      {
        title: "Disable JL302 for this line",
        kind: "quickfix",
        diagnostics: [jl302],
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [insert] }] },
      },
    ]);
    c.change(uri, 2, [{ range: insert.range, text: insert.newText }]);
    expect(await c.diagnostics(uri, 2)).toEqual({ uri, version: 2, diagnostics: [] });
    await c.stop();
  });
});

describe("files changed on disk", () => {
  it("re-reads on workspace/didChangeWatchedFiles: a pf.conf changed on disk updates the open jail.conf", async () => {
    const dir = hostCopy("cross");
    const c = new LspClient();
    await c.initialize(dir);
    const jail = join(dir, "etc/jail.conf");
    const uri = c.open(jail, read(jail), "jail-conf");
    expect((await c.diagnostics(uri, 1)).diagnostics.map((d) => d.code)).toEqual(["JL202"]);
    const pf = join(dir, "etc/pf.conf");
    writeFileSync(pf, read(pf).replace("pass in on lo2 all\n", ""));
    const from = c.notifications.length;
    c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(pf), type: 2 }] });
    expect(await c.diagnostics(uri, 1, 15_000, from)).toEqual({ uri, version: 1, diagnostics: [] });
    await c.stop();
  });

  it("publishes a broken jaillint.config.json's problems on it, and lints with the defaults meanwhile", async () => {
    const dir = hostCopy("configured");
    writeFileSync(join(dir, "jaillint.config.json"), '{ "rules": { "JL999": "off" } }\n');
    const c = new LspClient();
    await c.initialize(dir);
    const jail = join(dir, "etc/jail.conf");
    const uri = c.open(jail, read(jail), "jail-conf");
    const config = uriOf(join(dir, "jaillint.config.json"));
    expect((await c.diagnostics(config)).diagnostics).toEqual([
      {
        range: range(0, 0, 0, 0),
        severity: 1,
        source: "jaillint",
        message: 'rules: unknown rule "JL999": run `jaillint rules` for the list',
      },
    ]);
    expect((await c.diagnostics(uri, 1)).diagnostics.map((d) => d.code)).toEqual(["JL104", "JL002", "JL000"]);
    await expect
      .poll(() => c.notifications.find((n) => n.method === "window/showMessage")?.params)
      .toEqual({
        type: 2,
        message: `jaillint: ${join(dir, "jaillint.config.json")} has problems (linting with the defaults until it is fixed): ${join(dir, "jaillint.config.json")}: rules: unknown rule "JL999": run \`jaillint rules\` for the list`,
      });
    await c.stop();
  });
});

describe("robustness", () => {
  let c: LspClient;
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(lspHosts);
  });
  afterAll(async () => {
    expect(await c.stop()).toBe(0);
    expect(c.garbage).toBe("");
  });

  it("answers requests about a document that is not open with nothing", async () => {
    const uri = uriOf(join(lspHosts, "simple/etc/nothing.conf"));
    const at = { textDocument: { uri }, position: { line: 0, character: 0 } };
    expect(await c.request("textDocument/hover", at)).toBeNull();
    expect(await c.request("textDocument/completion", at)).toEqual([]);
    expect(await c.request("textDocument/definition", at)).toEqual([]);
    expect(await c.request("textDocument/references", { ...at, context: { includeDeclaration: true } })).toEqual([]);
    expect(await c.request("textDocument/documentSymbol", { textDocument: { uri } })).toEqual([]);
    expect(await c.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })).toBeNull();
    expect(
      await c.request("textDocument/codeAction", { textDocument: { uri }, range: range(0, 0, 0, 0), context: { diagnostics: [] } }),
    ).toEqual([]);
  });

  it("refuses malformed params with InvalidParams and goes on", async () => {
    const invalid = async (method: string, params: unknown) => {
      const e = await c.request(method, params).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ResponseFailure);
      expect((e as ResponseFailure).code).toBe(-32602);
    };
    await invalid("textDocument/hover", {});
    await invalid("textDocument/hover", { textDocument: { uri: 42 }, position: { line: 0, character: 0 } });
    await invalid("textDocument/hover", { textDocument: { uri: "file:///x" }, position: { line: -1, character: "a" } });
    await invalid("textDocument/codeAction", { textDocument: { uri: "file:///x" }, range: { start: 1 } });
    await invalid("textDocument/documentSymbol", null);
    // Malformed notifications are refused with a line in the log and change nothing.
    const from = c.notifications.length;
    c.notify("textDocument/didOpen", { textDocument: { uri: "file:///x/jail.conf", version: "one" } });
    c.notify("textDocument/didChange", { textDocument: { uri: "file:///x/jail.conf", version: 2 }, contentChanges: "x" });
    c.notify("textDocument/didChange", { textDocument: { uri: uriOf(simpleJail), version: 2 }, contentChanges: [{ text: "x" }] });
    c.notify("textDocument/didClose", {});
    c.notify("workspace/didChangeWatchedFiles", null);
    c.notify("$/no-such-notification", { x: 1 });
    // A body that is not JSON at all.
    c.writeRaw("{ this is not json");
    await expect
      .poll(() => c.notifications.slice(from).filter((n) => n.method === "window/logMessage").length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(4);
    // Still answering, and still linting.
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    expect((await c.diagnostics(uri, 1)).diagnostics).toEqual(SIMPLE_DIAGNOSTICS);
    c.notify("textDocument/didClose", { textDocument: { uri } });
  });

  it("takes 1,000 edits in a second and publishes the last text's findings", async () => {
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    await c.diagnostics(uri, 1);
    // Type 500 characters at the end of the comment line and delete them again, one edit each.
    let version = 1;
    const started = Date.now();
    for (let i = 0; i < 500; i++) c.change(uri, ++version, [{ range: range(0, 88 + i, 0, 88 + i), text: "x" }]);
    for (let i = 499; i >= 0; i--) c.change(uri, ++version, [{ range: range(0, 88 + i, 0, 89 + i), text: "" }]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await c.diagnostics(uri, 1001)).toEqual({ uri, version: 1001, diagnostics: SIMPLE_DIAGNOSTICS });
    c.notify("textDocument/didClose", { textDocument: { uri } });
  });
});

describe("a 10 MB document", () => {
  it("keeps the server answering while it is linted, and stops that lint when it is closed", async () => {
    const c = new LspClient();
    await c.initialize(null);
    const dir = scratch();
    const jails: string[] = [];
    for (let i = 0, size = 0; size < 10_500_000; i++, size += jails.at(-1)?.length ?? 0)
      jails.push(
        `j${i} {\n    host.hostname = "j${i}.example.org";\n    ip4.addr = "10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}";\n    persist;\n}\n`,
      );
    const text = jails.join("");
    expect(text.length).toBeGreaterThan(10_000_000);
    const big = c.open(join(dir, "jail.conf"), text, "jail-conf");
    // The lint runs in a worker: the server answers meanwhile, at once where no model is needed, and within the
    // features' time limit (with nothing) where the model of the big host is still being built.
    const other = { textDocument: { uri: uriOf(join(dir, "x.conf")) }, range: range(0, 0, 0, 0), context: { diagnostics: [] } };
    // Once the 10 MB didOpen has been read (the answer to this request comes after it):
    expect(await c.request("textDocument/codeAction", other)).toEqual([]);
    for (let i = 0; i < 3; i++) {
      let t = Date.now();
      expect(await c.request("textDocument/codeAction", other)).toEqual([]);
      expect(Date.now() - t).toBeLessThan(1_000);
      t = Date.now();
      // Nothing while the big host's model is being built; once it is, the parameter's hover.
      const hover = (await c.request("textDocument/hover", { textDocument: { uri: big }, position: { line: 1, character: 6 } })) as {
        contents: { value: string };
      } | null;
      if (hover !== null) expect(hover.contents.value).toMatch(/^\*\*host\.hostname\*\*/);
      expect(Date.now() - t).toBeLessThan(5_000);
    }
    c.notify("textDocument/didClose", { textDocument: { uri: big } });
    // Closing it stops its lint: the next document is linted at once, not after the big one.
    const small = c.open(simpleJail, read(simpleJail), "jail-conf");
    expect((await c.diagnostics(small, 1, 20_000)).diagnostics).toEqual(SIMPLE_DIAGNOSTICS);
    expect(c.published(big).every((p: PublishDiagnostics) => p.diagnostics.length === 0)).toBe(true);
    expect(await c.stop()).toBe(0);
  }, 60_000);
});
