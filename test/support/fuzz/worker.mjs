// Runs the CLI bundle's `run` (what packages/cli/bin/jaillint.js runs) once per message, in a worker thread:
// thousands of fuzz runs without a process start each, and a runaway run can still be stopped from outside.
import { parentPort, workerData } from "node:worker_threads";

const { run } = await import(workerData.bundle);

parentPort.on("message", async ({ argv, cwd }) => {
  let stdout = "";
  let stderr = "";
  const io = {
    cwd,
    env: { NO_COLOR: "1", JAILLINT_DEBUG: "1" },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => "",
  };
  const start = performance.now();
  try {
    const status = await run(argv, io);
    parentPort.postMessage({ status, stdout, stderr, ms: performance.now() - start });
  } catch (e) {
    parentPort.postMessage({ status: null, stdout, stderr, ms: performance.now() - start, thrown: String(e?.stack ?? e) });
  }
});
parentPort.postMessage({ ready: true });
