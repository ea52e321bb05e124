// End to end through a real editor: headless Neovim (0.7, Debian's `neovim`) starts the server with
// vim.lsp.start_client, opens a jail.conf of a config tree, and a Lua script writes what Neovim then holds (its
// diagnostics, the code actions offered, the buffer after applying them) to a JSON file this test reads.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lspBin } from "./support/lsp-client.js";
import { hostCopy, MESSAGES, read } from "./support/lsp-fixtures.js";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const haveNvim = nvim.status === 0;
if (!haveNvim) console.warn("NOTICE: the nvim program is absent (Debian package neovim); the Neovim end-to-end test is skipped.");

// Runs in Neovim. Every step waits with vim.wait (which keeps the event loop, and so the LSP client, running).
const SCRIPT = `
local env = function(name) return os.getenv(name) end
local out = {}
local function finish(err)
  out.error = err
  local f = io.open(env("JL_OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(env("JL_FILE")))
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = "jaillint", cmd = { env("JL_NODE"), env("JL_SERVER"), "--stdio" }, root_dir = env("JL_ROOT") })
  assert(id, "start_client failed")
  vim.lsp.buf_attach_client(bufnr, id)
  local client = vim.lsp.get_client_by_id(id)
  local function diagnostics()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity,
        code = d.code, source = d.source, message = d.message, href = d.user_data.lsp.codeDescription.href,
        tags = d.user_data.lsp.tags or vim.NIL })
    end
    table.sort(list, function(a, b) return a.lnum < b.lnum end)
    return list
  end
  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), "no diagnostics")
  out.diagnostics = diagnostics()
  -- pf.conf is not open: its findings arrive all the same, in a buffer Neovim makes for them.
  local pf = vim.uri_to_bufnr(vim.uri_from_fname(env("JL_PF")))
  assert(vim.wait(30000, function() return #vim.diagnostic.get(pf) > 0 end, 50), "no pf.conf diagnostics")
  out.pf = vim.tbl_map(function(d) return { lnum = d.lnum, code = d.code } end, vim.diagnostic.get(pf))

  local function actions(line, character, only)
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = line, character = character }, ["end"] = { line = line, character = character } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line), only = only } }
    local r = client.request_sync("textDocument/codeAction", params, 20000, bufnr)
    assert(r and not r.err, "codeAction failed: " .. vim.inspect(r))
    return r.result
  end
  -- The unsafe rename of host.hostnme, applied as Neovim applies a workspace edit.
  local offered = actions(12, 6, { "quickfix" })
  out.titles = vim.tbl_map(function(a) return a.title end, offered)
  vim.lsp.util.apply_workspace_edit(offered[1].edit, client.offset_encoding)
  out.afterRename = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  assert(vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.code == "JL002" then return false end end
    return true
  end, 50), "JL002 still reported after the rename")
  out.afterRenameCodes = vim.tbl_map(function(d) return d.code end, diagnostics())

  -- Fix all safe problems: offered without an edit, resolved through codeAction/resolve, then applied.
  local fixAll = actions(0, 0, { "source.fixAll" })
  out.fixAllTitles = vim.tbl_map(function(a) return a.title end, fixAll)
  local resolved = client.request_sync("codeAction/resolve", fixAll[1], 20000, bufnr)
  assert(resolved and not resolved.err and resolved.result.edit, "resolve failed: " .. vim.inspect(resolved))
  vim.lsp.util.apply_workspace_edit(resolved.result.edit, client.offset_encoding)
  out.afterFixAll = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  assert(vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.code == "JL101" then return false end end
    return true
  end, 50), "JL101 still reported after fix-all")
  out.afterFixAllCodes = vim.tbl_map(function(d) return d.code end, diagnostics())

  vim.lsp.stop_client(id)
  out.stopped = vim.wait(10000, function() return vim.lsp.client_is_stopped(id) end, 50)
end)
finish(ok and vim.NIL or tostring(err))
`;

describe("Neovim", () => {
  it.skipIf(!haveNvim)(
    "shows the server's diagnostics, and applies its code actions to the buffer",
    () => {
      const dir = hostCopy("simple");
      // A pf.conf beside jail.conf makes it one host with the tree's other files.
      writeFileSync(join(dir, "etc/pf.conf"), "pass in on $ext_if\n");
      const jail = join(dir, "etc/jail.conf");
      const script = join(dir, "test.lua");
      const out = join(dir, "out.json");
      writeFileSync(script, SCRIPT);
      const r = spawnSync("nvim", ["--headless", "--clean", "-n", "-i", "NONE", "-c", `luafile ${script}`], {
        encoding: "utf8",
        timeout: 170_000,
        env: {
          ...process.env,
          JL_OUT: out,
          JL_FILE: jail,
          JL_PF: join(dir, "etc/pf.conf"),
          JL_ROOT: dir,
          JL_NODE: process.execPath,
          JL_SERVER: lspBin,
        },
      });
      const result = JSON.parse(readFileSync(out, "utf8"));
      expect(result.error, r.stderr).toBeNull();
      const href = (code: string) => `https://github.com/jaillint/jaillint/blob/main/docs/rules/${code}.md`;
      // Neovim's severities: 1 error, 2 warning; columns are bytes (all ASCII here).
      expect(result.diagnostics).toEqual([
        {
          lnum: 4,
          col: 4,
          end_lnum: 4,
          end_col: 18,
          severity: 2,
          code: "JL101",
          source: "jaillint",
          message: MESSAGES.JL101db,
          href: href("JL101"),
          tags: [2],
        },
        {
          lnum: 8,
          col: 4,
          end_lnum: 8,
          end_col: 22,
          severity: 2,
          code: "JL104",
          source: "jaillint",
          message: MESSAGES.JL104mon,
          href: href("JL104"),
          tags: null,
        },
        {
          lnum: 12,
          col: 4,
          end_lnum: 12,
          end_col: 16,
          severity: 1,
          code: "JL002",
          source: "jaillint",
          message: MESSAGES.JL002www,
          href: href("JL002"),
          tags: null,
        },
      ]);
      expect(result.pf).toEqual([{ lnum: 0, code: "JL401" }]);
      expect(result.titles).toEqual(["JL002: rename to host.hostname (unsafe)", "Disable JL002 for this line"]);
      const original = read(jail).split("\n").slice(0, -1);
      const renamed = original.map((l) => l.replace("host.hostnme", "host.hostname"));
      expect(result.afterRename).toEqual(renamed);
      expect(result.afterRenameCodes).toEqual(["JL101", "JL104"]);
      expect(result.fixAllTitles).toEqual(["Fix all safe jaillint problems in this file"]);
      expect(result.afterFixAll).toEqual(renamed.map((l) => l.replace("allow.sysvipc;", "sysvmsg = new; sysvsem = new; sysvshm = new;")));
      expect(result.afterFixAllCodes).toEqual(["JL104"]);
      expect(result.stopped).toBe(true);
    },
    180_000,
  );
});
