import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The shared corpus of real configurations lives beside the project (`../shared/corpus`) on the team's and
 * CI's machines only; a user's clone has none. Tests that read it skip with a visible notice when it is absent.
 */
export const corpusDir: string | undefined = (() => {
  const dir = resolve(repoRoot, "../shared/corpus");
  return existsSync(dir) ? dir : undefined;
})();

let warned = false;
/** Prints the skip notice once per run and tells whether corpus tests can run. */
export function haveCorpus(): boolean {
  if (!corpusDir && !warned) {
    warned = true;
    console.warn("NOTICE: ../shared/corpus is absent; corpus conformance tests are skipped.");
  }
  return corpusDir !== undefined;
}

/** Files of a corpus sub-folder, sorted, or [] without the corpus. */
export function corpusFiles(sub: string, filter: (name: string) => boolean = () => true): string[] {
  if (!corpusDir) return [];
  const dir = join(corpusDir, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(filter)
    .sort()
    .map((f) => join(dir, f));
}

export interface ManifestRow {
  readonly file: string;
  /** The public repository it comes from (owner/name). */
  readonly repo: string;
  readonly kind: string;
  readonly template: boolean;
  readonly notes: string;
}

/** `real/MANIFEST.tsv`: which real files are templates (placeholders that are not valid configuration). */
export function realManifest(): ManifestRow[] {
  if (!corpusDir) return [];
  const text = readFileSync(join(corpusDir, "real/MANIFEST.tsv"), "utf8");
  return text
    .split("\n")
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [file = "", repo = "", , , kind = "", template = "", notes = ""] = l.split("\t");
      return { file: join(corpusDir as string, "real", file), repo, kind, template: template === "yes", notes };
    });
}
