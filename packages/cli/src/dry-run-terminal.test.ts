import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "./io.js";
import { run } from "./main.js";

/** Runs the CLI in-process with stdout as a terminal or a pipe. */
async function dryRun(dir: string, tty: boolean): Promise<string> {
  let out = "";
  const io: CliIo = {
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdoutIsTTY: tty,
    stderrIsTTY: false,
    stdout: (t) => {
      out += t;
    },
    stderr: () => {},
    readStdin: async () => "",
  };
  await run(["jail.conf", "--fix-dry-run"], io);
  return out;
}

describe("--fix-dry-run and escape sequences in the config", () => {
  const dir = mkdtempSync(join(tmpdir(), "jaillint-dry-"));
  writeFileSync(join(dir, "jail.conf"), 'www {\n  host.hostname = "a\u001b[2Jb";\n  allow.sysvipc;\n}\n');

  it("piped, the diff is a patch with the file's bytes", async () => {
    expect(await dryRun(dir, false)).toContain('   host.hostname = "a\u001b[2Jb";\n');
  });

  it("on a terminal, the escape is shown, not obeyed", async () => {
    const out = await dryRun(dir, true);
    expect(out).toContain('   host.hostname = "a\\x1b[2Jb";\n');
    expect(out).not.toContain("\u001b");
  });
});
