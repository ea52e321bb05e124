import type { EffectiveJail, JailConfHost, TextRange } from "@jaillint/parser";

/** One fstab(5) line that jail(8) mounts for a jail, from `mount` or a `mount.fstab` file. */
export interface JailMount {
  readonly source: string;
  readonly target: string;
  readonly fstype: string;
  readonly options: readonly string[];
  /** Where to point: the `mount` value, or the line in the fstab file. */
  readonly file: string;
  readonly range: TextRange;
  readonly origin: "mount" | "mount.fstab";
}

export interface FstabProblem {
  readonly jail: string;
  readonly file: string;
  readonly range: TextRange;
  readonly path: string;
  readonly detail: string;
}

/** fstab(5) fields; returns undefined for blank and comment lines and lines with fewer than 3 fields. */
export function parseFstabLine(line: string): { source: string; target: string; fstype: string; options: string[] } | undefined {
  const body = line.replace(/#.*$/, "").trim();
  if (body === "") return undefined;
  const f = body.split(/\s+/);
  if (f.length < 3) return undefined;
  const [source, target, fstype, opts = "rw"] = f as [string, string, string, string?];
  return { source, target, fstype, options: opts.split(",") };
}

/** Collects a jail's mounts; fstab files are read through the host (so a config tree maps `/etc/fstab.www`). */
export function jailMounts(jail: EffectiveJail, host: JailConfHost, problems: FstabProblem[], texts: Map<string, string>): JailMount[] {
  const out: JailMount[] = [];
  for (const v of jail.params.get("mount")?.values ?? []) {
    const m = parseFstabLine(v.text);
    if (m) out.push({ ...m, file: v.file, range: v.range, origin: "mount" });
  }
  for (const v of jail.params.get("mount.fstab")?.values ?? []) {
    if (v.unresolved || v.text.trim() === "") continue;
    const read = host.read(v.text);
    // One file linted out of its tree: a file elsewhere on the machine is not known to be missing, nor ours to read.
    if (!read.ok && read.reason !== "unreadable" && host.complete === false) continue;
    if (!read.ok) {
      problems.push({
        jail: jail.name,
        file: v.file,
        range: v.range,
        path: v.text,
        detail: read.reason === "missing" ? "does not exist" : `cannot be read (${read.detail})`,
      });
      continue;
    }
    texts.set(read.file, read.text);
    let offset = 0;
    for (const line of read.text.split("\n")) {
      const m = parseFstabLine(line);
      const trimmedStart = line.length - line.trimStart().length;
      if (m)
        out.push({
          ...m,
          file: read.file,
          range: { start: offset + trimmedStart, end: offset + line.trimEnd().length },
          origin: "mount.fstab",
        });
      offset += line.length + 1;
    }
  }
  return out;
}
