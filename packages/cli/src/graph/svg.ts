import { spawnSync } from "node:child_process";

/** The message when Graphviz is missing: --format svg is the one format jaillint does not draw itself. */
export const NO_DOT = "--format svg needs Graphviz's dot (Debian package graphviz): not found on PATH";

/** DOT text laid out by Graphviz's `dot -Tsvg`; the SVG, or the problem in one line. */
export function dotToSvg(
  dot: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; svg: string } | { ok: false; error: string } {
  const r = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8", env: env as NodeJS.ProcessEnv, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, error: code === "ENOENT" ? NO_DOT : `cannot run Graphviz's dot: ${code ?? r.error.message}` };
  }
  if (r.status !== 0) {
    const first = (r.stderr ?? "").split("\n").find((l) => l.trim() !== "") ?? `exit status ${r.status}`;
    return { ok: false, error: `Graphviz's dot failed: ${first.trim()}` };
  }
  return { ok: true, svg: r.stdout };
}
