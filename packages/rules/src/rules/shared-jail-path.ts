import { posix } from "node:path";
import type { EffectiveValue } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { jailString } from "../model/jail-params.js";

interface JailPath {
  jail: string;
  path: string;
  at: EffectiveValue;
}

/** The path as written for a reader: no trailing slash, except for the root itself. */
const shown = (p: string): string => (p === "/" ? "/" : p.replace(/\/$/, ""));

/** `a.b` runs inside `a`: its path is seen from there, so it is no overlap. */
const related = (a: string, b: string): boolean => a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

export const sharedJailPath = defineRule({
  code: "JL109",
  name: "shared-jail-path",
  severity: "error",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "Two jails with the same `path`, or one jail's path inside another's.",
    why: "A jail's path is its root directory. Two jails on one root share every file; a jail whose root lies inside another's can be changed by root in the outer jail (its binaries, its /etc), so isolating them means nothing.",
    example: {
      kind: "jail",
      bad: 'www {\n  path = "/jails/www";\n  persist;\n}\ndb {\n  path = "/jails/www/db";\n  persist;\n}\n',
      good: 'www {\n  path = "/jails/www";\n  persist;\n}\ndb {\n  path = "/jails/db";\n  persist;\n}\n',
    },
    fix: "Give every jail a directory of its own, side by side (`/jails/www`, `/jails/db`); share data through read-only nullfs mounts instead.",
  },
  check({ model, report }) {
    const paths: JailPath[] = [];
    for (const jail of model.jails) {
      const p = jailString(jail, "path");
      if (!p || p.value.unresolved || !p.text.startsWith("/")) continue;
      const dir = `${p.text}/`;
      // Most paths are normal already (no `//`, `/./`, `/../`): normalize() would return them as they are.
      const normal = !dir.includes("//") && !dir.includes("/./") && !dir.includes("/../");
      paths.push({ jail: jail.name, path: normal ? dir : posix.normalize(dir), at: p.value });
    }
    // Sorted, a path's ancestors come before it: one pass with a stack of open directories, no pair loops.
    paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const stack: JailPath[] = [];
    for (const cur of paths) {
      while (stack.length > 0 && !cur.path.startsWith((stack[stack.length - 1] as JailPath).path)) stack.pop();
      let outer: JailPath | undefined;
      for (let i = stack.length - 1; i >= 0 && !outer; i--) if (!related((stack[i] as JailPath).jail, cur.jail)) outer = stack[i];
      if (outer) {
        const same = outer.path === cur.path;
        report({
          message: same
            ? `jail "${cur.jail}" has the same path as jail "${outer.jail}" (${shown(cur.path)}): they share every file; give each jail its own directory`
            : `jail "${cur.jail}" lives inside jail "${outer.jail}" (${shown(cur.path)} is under ${shown(outer.path)}): root in "${outer.jail}" can change its files; move it beside, not below`,
          file: cur.at.file,
          range: cur.at.range,
          related: [{ file: outer.at.file, range: outer.at.range, message: `path of jail "${outer.jail}"` }],
        });
      }
      stack.push(cur);
    }
  },
});
