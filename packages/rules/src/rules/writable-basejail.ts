import type { Fix } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import { jailString } from "../model/jail-params.js";
import type { JailMount } from "../model/mounts.js";

/** Paths named for a shared base system: `basejail`, `base`, `templates/base-14.1`, `releases/14.1-RELEASE`. */
const baseLike = /(^|[/_.-])(basejail|base|template|templates|releases?)([/_.-]|$)|-RELEASE(\b|$)/i;

/** The base system's own directories (hier(7)): a tree mounted over one of them in a jail is base system. */
const BASE_DIRS = new Set([
  "/bin",
  "/boot",
  "/lib",
  "/libexec",
  "/rescue",
  "/sbin",
  "/usr/bin",
  "/usr/include",
  "/usr/lib",
  "/usr/lib32",
  "/usr/libdata",
  "/usr/libexec",
  "/usr/sbin",
  "/usr/share",
]);

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, "") : p);

/** Why a mount is a base-system tree, in words for the message; undefined when nothing says it is one. */
function baseEvidence(m: JailMount, jailPath: string | undefined): string | undefined {
  const target = trimSlash(m.target);
  let inJail: string | undefined;
  if (jailPath?.startsWith("/")) {
    const root = trimSlash(jailPath);
    if (target.startsWith(`${root}/`)) inJail = target.slice(root.length);
  }
  if (inJail && BASE_DIRS.has(inJail)) return `it is mounted over the jail's ${inJail}`;
  if (baseLike.test(m.source)) return `its source ${m.source} is named like a base system`;
  if (baseLike.test(target)) return `its mount point ${target} is named like a base system`;
  return undefined;
}

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
  scope: "host",
  docs: {
    what: "A thin jail's nullfs mount of a base system, in `mount` or in its `mount.fstab` file, that is not mounted `ro`. A mount is a base system when it is mounted over one of the jail's base directories (hier(7): /bin, /lib, /libexec, /sbin, /usr/bin, /usr/lib, /usr/libexec, /usr/sbin, /usr/share, …) or its source or mount point is named like one (`basejail`, `base`, `templates/…`, `releases/…-RELEASE`); the message says which. A writable data directory that several jails share (`/home`, a cache) is not a base system and is not reported.",
    why: "Thin jails share one copy of /bin, /lib, /usr/bin… through nullfs (mount_nullfs(8)): every jail that mounts it runs the same files. Mounted read-write, root in any one jail can replace a binary or library that every other jail (and whoever runs it) then executes: one compromised jail becomes all of them.",
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
    const paths = new Map(model.jails.map((j) => [j.name, jailString(j, "path")]));
    const seen = new Set<string>();
    for (const [jail, mounts] of model.mounts) {
      const p = paths.get(jail);
      const jailPath = p && !p.value.unresolved ? p.text : undefined;
      for (const m of mounts) {
        if (m.fstype !== "nullfs" || isReadOnly(m)) continue;
        const evidence = baseEvidence(m, jailPath);
        if (!evidence) continue;
        const key = `${m.file}\0${m.range.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const sharers = bySource.get(m.source)?.size ?? 0;
        const who = sharers > 1 ? `the ${sharers} jails that mount it run` : "every jail that mounts it runs";
        const fix = readOnlyFix(m, model.texts.get(m.file));
        report({
          message: `nullfs mount of ${m.source} into jail "${jail}" is writable, and ${evidence}: root in the jail can replace binaries and libraries ${who}; add the ro option`,
          file: m.file,
          range: m.range,
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
