import { lstatSync, realpathSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";

/**
 * Where jaillint may read and write: the config root(s), after symbolic links are resolved. jail.conf is
 * attacker-controlled text in CI (a pull request to a config repository), and jaillint prints what it reads,
 * so `.include "/root/.ssh/id_rsa"` or a link to /proc/self/environ must not reach the report.
 */
export class ConfigRoots {
  /** Real paths of the roots. */
  readonly roots: readonly string[];
  constructor(
    roots: readonly string[],
    /** `--allow-outside-root`: reading (never writing) outside is allowed. */
    readonly allowOutside: boolean,
  ) {
    this.roots = [...new Set(roots.map(realOrSelf))];
  }

  /** Whether a real (symlink-free) path lies inside a root. */
  contains(real: string): boolean {
    return this.roots.some((root) => {
      const rel = relative(root, real);
      return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
    });
  }

  /** Why `path` may not be read, or undefined when it may. `path` need not exist (then its parent decides). */
  refuseRead(path: string): string | undefined {
    if (this.allowOutside) return undefined;
    return this.#refuse(path);
  }

  /** Why `path` may not be written: writes stay inside the root even with --allow-outside-root. */
  refuseWrite(path: string): string | undefined {
    return this.#refuse(path);
  }

  #refuse(path: string): string | undefined {
    const real = realOrSelf(path);
    if (this.contains(real)) return undefined;
    const where = this.roots.length === 1 ? `the config root ${this.roots[0]}` : `the config roots ${this.roots.join(", ")}`;
    const via = real !== resolve(path) ? ` (a symbolic link to ${real})` : "";
    return `outside ${where}${via}; jaillint reads only inside it unless --allow-outside-root is given`;
  }
}

/**
 * A path with every symbolic link resolved; for a path that does not exist, its nearest existing ancestor
 * resolved and the rest appended (so `ROOT/link-to-outside/missing` is judged by where the link leads).
 */
export function realOrSelf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    // A dangling symlink's target is what a later read would open.
    try {
      if (lstatSync(abs).isSymbolicLink()) return abs;
    } catch {
      // does not exist at all
    }
    return resolve(realOrSelf(parent), abs.slice(parent.length + 1));
  }
}

/**
 * The top of the git work tree `path` is in (the nearest directory upward holding `.git`, a directory in a
 * clone, a file in a worktree or submodule), found without running git; `/` outside any work tree.
 */
export function workTreeTop(path: string): string {
  let dir = realOrSelf(path);
  for (;;) {
    try {
      lstatSync(resolve(dir, ".git"));
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) return sep;
      dir = up;
    }
  }
}
