import type { Fix } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import type { JailMount } from "../model/mounts.js";

/** Sources that hold a shared base system: `basejail`, `base`, `templates/base-14.1`, `releases/14.1-RELEASE`. */
const baseLike = /(^|[/_.-])(basejail|base|template|templates|releases?)([/_.-]|$)|-RELEASE(\b|$)/i;

function isReadOnly(m: JailMount): boolean {
  return m.options.includes("ro") || m.options.includes("rdonly");
}

/** Edits the options field of an fstab line in place; only where the text on disk is the plain line. */
function readOnlyFix(m: JailMount, text: string | undefined): Fix | undefined {
  if (!text) return undefined;
  let lineText = text.slice(m.range.start, m.range.end);
  let base = m.range.start;
  if (m.origin === "mount") {
    if (lineText.startsWith('"') && lineText.endsWith('"') && !lineText.includes("\\")) {
      lineText = lineText.slice(1, -1);
      base += 1;
    } else if (lineText.includes("\\") || lineText.includes("$")) return undefined;
  }
  const fields = [...lineText.matchAll(/\S+/g)];
  const opts = fields[3];
  if (!opts || opts.index === undefined) return undefined;
  const list = opts[0].split(",").filter((o) => o !== "rw");
  const start = base + opts.index;
  return {
    description: "mount it read-only",
    safety: "unsafe",
    edits: [{ start, end: start + opts[0].length, newText: ["ro", ...list].join(",") }],
  };
}

export const writableBasejail = defineRule({
  code: "JL108",
  name: "writable-basejail",
  severity: "error",
  fixable: "unsafe",
  needs: ["jail"],
  docs: {
    what: "A thin jail whose nullfs mount of a shared base system (a source named like `basejail`, `base`, `templates/…` or `releases/…-RELEASE`, or any nullfs source mounted into several jails), in `mount` or in its `mount.fstab` file, is not mounted `ro`.",
    why: "Thin jails share one copy of /bin, /lib, /usr/bin… through nullfs. Mounted read-write, root in any one jail can replace a binary or library that every other jail (and whoever runs it) then executes: one compromised jail becomes all of them.",
    example: {
      kind: "jail",
      bad: 'www {\n  path = "/jails/www";\n  mount = "/jails/basejail /jails/www/basejail nullfs rw 0 0";\n  persist;\n}\n',
      good: 'www {\n  path = "/jails/www";\n  mount = "/jails/basejail /jails/www/basejail nullfs ro 0 0";\n  persist;\n}\n',
    },
    fix: "Mount the base with the `ro` option (`nullfs ro 0 0`). Keep writable data (/etc, /usr/local, /var, /home) in the jail's own tree, not in the shared base.",
  },
  check({ model, report }) {
    const bySource = new Map<string, Set<string>>();
    for (const [jail, mounts] of model.mounts) {
      for (const m of mounts) {
        if (m.fstype !== "nullfs") continue;
        const set = bySource.get(m.source) ?? new Set<string>();
        set.add(jail);
        bySource.set(m.source, set);
      }
    }
    const seen = new Set<string>();
    for (const [jail, mounts] of model.mounts) {
      for (const m of mounts) {
        if (m.fstype !== "nullfs" || isReadOnly(m)) continue;
        const sharers = bySource.get(m.source)?.size ?? 0;
        if (!baseLike.test(m.source) && sharers < 2) continue;
        const key = `${m.file}\0${m.range.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const shared = sharers > 1 ? `, shared by ${sharers} jails,` : "";
        const fix = readOnlyFix(m, model.texts.get(m.file));
        report({
          message: `nullfs mount of ${m.source}${shared} into jail "${jail}" is writable: root in the jail can alter binaries the other jails run; add the ro option`,
          file: m.file,
          range: m.range,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
