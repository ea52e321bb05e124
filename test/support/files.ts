import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The files under `dir` (at any depth) that `pick` takes, by full path, in sorted order. */
export function filesUnder(dir: string, pick: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pick(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
