import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LspClient } from "../../../test/support/lsp-client.js";

// `vsce package` builds the extension (its vscode:prepublish runs scripts/build.mjs) and packs it, offline
// (--no-dependencies: everything it runs is bundled). The .vsix is then opened as VS Code opens it, and the
// language server inside it is started from there, with nothing of the workspace around it.

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "jaillint-vsix-"));
const vsix = join(tmp, "jaillint.vsix");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The entries of a zip file, by name, read from its central directory (a .vsix is a zip). */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: no end of central directory`);
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const name = zip.toString("utf8", at + 46, at + 46 + zip.readUInt16LE(at + 28));
    const local = zip.readUInt32LE(at + 42);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + size);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

let entries: Map<string, Buffer>;
let packed: { status: number | null; stdout: string; stderr: string };
beforeAll(() => {
  const vsce = join(pkg, "node_modules/.bin/vsce");
  packed = spawnSync(vsce, ["package", "--no-dependencies", "--skip-license", "--out", vsix], {
    cwd: pkg,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, CI: "true" },
  });
  entries = packed.status === 0 ? unzip(vsix) : new Map();
}, 200_000);

describe("vsce package", () => {
  it("builds a .vsix with the client, the server bundle, the grammars and the manifest", () => {
    expect(packed.status, `${packed.stdout}\n${packed.stderr}`).toBe(0);
    expect([...entries.keys()].sort()).toEqual([
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/dist/extension.cjs",
      "extension/dist/server/jaillint-lsp.mjs",
      "extension/dist/server/start.mjs",
      "extension/language-configuration/jail-conf.json",
      "extension/language-configuration/pf-conf.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/syntaxes/jail-conf.tmLanguage.json",
      "extension/syntaxes/pf-conf.tmLanguage.json",
    ]);
    for (const file of ["syntaxes/jail-conf.tmLanguage.json", "syntaxes/pf-conf.tmLanguage.json", "language-configuration/jail-conf.json"])
      expect(entries.get(`extension/${file}`)?.toString("utf8")).toBe(readFileSync(join(pkg, file), "utf8"));
    const manifest = entries.get("extension.vsixmanifest")?.toString("utf8") ?? "";
    expect(manifest).toContain('<Identity Language="en-US" Id="jaillint-vscode" Version="0.1.0" Publisher="jaillint"');
    expect(manifest).toContain('<Property Id="Microsoft.VisualStudio.Code.Engine" Value="^1.90.0" />');
  });

  it("contributes the two languages, their grammars and rc.conf as a shell script", () => {
    const manifest = JSON.parse(entries.get("extension/package.json")?.toString("utf8") ?? "{}");
    expect(manifest.main).toBe("./dist/extension.cjs");
    expect(manifest.activationEvents).toEqual(["onLanguage:jail-conf", "onLanguage:pf-conf", "onLanguage:shellscript"]);
    expect(
      manifest.contributes.languages.map((l: { id: string; filenames: string[]; filenamePatterns: string[] }) => [
        l.id,
        l.filenames,
        l.filenamePatterns,
      ]),
    ).toEqual([
      ["jail-conf", ["jail.conf"], ["*.jail.conf", "jail.*.conf", "**/jail.conf.d/*.conf"]],
      ["pf-conf", ["pf.conf"], ["*.pf.conf", "pf.*.conf", "**/pf.conf.d/*"]],
      ["shellscript", ["rc.conf", "rc.conf.local"], ["**/rc.conf.d/*"]],
    ]);
    for (const g of manifest.contributes.grammars as { language: string; scopeName: string; path: string }[]) {
      expect(entries.has(`extension/${g.path.replace(/^\.\//, "")}`), g.path).toBe(true);
      expect(JSON.parse(entries.get(`extension/${g.path.replace(/^\.\//, "")}`)?.toString("utf8") ?? "{}").scopeName).toBe(g.scopeName);
    }
  });

  it("has a client that exports activate and deactivate and loads nothing but vscode from outside", () => {
    const dir = join(tmp, "client");
    mkdirSync(join(dir, "node_modules/vscode"), { recursive: true });
    writeFileSync(join(dir, "extension.cjs"), entries.get("extension/dist/extension.cjs") as Buffer);
    // A stand-in for the module VS Code provides (a class for every name, which the client extends or calls):
    // loading the client must need no other module.
    writeFileSync(
      join(dir, "node_modules/vscode/index.js"),
      'module.exports = new Proxy({}, { get: (_, name) => (name === "__esModule" ? false : class {}) });\n',
    );
    const client = createRequire(join(dir, "x.cjs"))("./extension.cjs");
    expect([typeof client.activate, typeof client.deactivate]).toEqual(["function", "function"]);
    expect(client.DOCUMENT_SELECTOR).toContainEqual({ scheme: "file", language: "shellscript", pattern: "**/rc.conf" });
  });

  it("runs the language server from the unpacked extension, as the client starts it", async () => {
    const dir = join(tmp, "unpacked");
    for (const [name, data] of entries) {
      if (!name.startsWith("extension/")) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
    const host = join(tmp, "host");
    mkdirSync(join(host, "etc"), { recursive: true });
    const jail = "www {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
    writeFileSync(join(host, "etc/jail.conf"), jail);
    // What vscode-languageclient runs for a `module` with TransportKind.stdio: the module, --stdio, the client's pid.
    const c = new LspClient([join(dir, "extension/dist/server/start.mjs"), "--stdio", `--clientProcessId=${process.pid}`], { cwd: tmp });
    try {
      const init = (await c.initialize(host, { initializationOptions: { freebsd: 15 } })) as { serverInfo: unknown };
      expect(init.serverInfo).toEqual({ name: "jaillint", version: "0.1.0" });
      const uri = c.open(join(host, "etc/jail.conf"), jail, "jail-conf");
      const published = await c.diagnostics(uri);
      expect(published.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["JL104", 2]]);
      expect(await c.stop()).toBe(0);
      expect(c.garbage).toBe("");
    } finally {
      c.closeInput();
    }
  });
});
