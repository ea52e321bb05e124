/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  // A reader that goes away (`jaillint … | head`) is no error of ours: stop writing, and never let the stream's
  // error event end the process with a stack trace. Other write errors are one line and status 2.
  let stdoutOpen = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (!stdoutOpen) return;
    stdoutOpen = false;
    if (e.code !== "EPIPE") {
      process.stderr.write(`jaillint: cannot write standard output: ${e.code ?? e.message}\n`);
      process.exitCode = 2;
    }
  });
  process.stderr.on("error", () => {});
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdout: (t) => {
      if (stdoutOpen) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** picocolors' rules: NO_COLOR and FORCE_COLOR win, then whether the stream is a terminal. */
export function useColor(io: CliIo, isTTY: boolean, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if ("NO_COLOR" in io.env && io.env.NO_COLOR !== undefined) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return isTTY && io.env.TERM !== "dumb";
}
