import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { corpusFiles, realManifest, repoRoot } from "../corpus.js";
import { prng } from "../random.js";

export type Kind = "jail" | "rc" | "pf";

/** One file to mutate: a fixture or a corpus file. */
export interface Source {
  readonly name: string;
  readonly kind: Kind;
  readonly bytes: Buffer;
}

/** A whole host tree from fixtures/ (its etc/ files by path), mutated as one input. */
export interface TreeSource {
  readonly name: string;
  readonly files: ReadonlyMap<string, Buffer>;
}

/** One fuzz input: the files of a run, by path relative to the run's directory, and the CLI arguments naming them. */
export interface FuzzCase {
  readonly index: number;
  readonly label: string;
  readonly files: ReadonlyMap<string, Buffer>;
  /** `--root . jail.conf` for a single file (absolute includes stay in the run's directory), `.` for a tree. */
  readonly target: readonly string[];
}

/** mulberry32: small, fast and the same on every machine, so a seed names one sequence of cases for good. */
export class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = prng(seed);
  }
  next(): number {
    return this.#next();
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const kindOfPath = (path: string): Kind | undefined => {
  const base = basename(path);
  if (/(^|[./])jail([./]|$)/.test(path) && base.endsWith(".conf")) return "jail";
  if (/(^|\/)rc\.conf/.test(path) || /\/rc\//.test(path)) return "rc";
  if (/pf\.conf$/.test(base) || /\/pf\//.test(path)) return "pf";
  return undefined;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** The fixtures' config files, and the shared corpus's real files and pfctl inputs when the corpus is present. */
export function fuzzSources(): Source[] {
  const out: Source[] = [];
  for (const file of filesUnder(join(repoRoot, "fixtures"))) {
    const name = relative(repoRoot, file);
    const kind = kindOfPath(name);
    if (kind && !name.includes(".golden.")) out.push({ name, kind, bytes: readFileSync(file) });
  }
  for (const row of realManifest()) {
    if (row.kind === "jail" || row.kind === "rc" || row.kind === "pf")
      out.push({ name: basename(row.file), kind: row.kind, bytes: readFileSync(row.file) });
  }
  for (const file of corpusFiles("pfctl", (f) => /\.(in|ok)$/.test(f)))
    out.push({ name: `pfctl/${basename(file)}`, kind: "pf", bytes: readFileSync(file) });
  return out;
}

/** The fixture host trees (fixtures/hosts/*, fixtures/example-host), every file of each. */
export function fuzzTrees(): TreeSource[] {
  const hosts = join(repoRoot, "fixtures/hosts");
  const dirs = [...readdirSync(hosts).map((d) => join(hosts, d)), join(repoRoot, "fixtures/example-host")];
  return dirs.map((dir) => ({
    name: relative(repoRoot, dir),
    files: new Map(filesUnder(dir).map((f) => [relative(dir, f), readFileSync(f)])),
  }));
}

/** Where a case reads a secret it must never print: beside the run's directory, outside its root. */
export const SECRET_FILE = "../secret.conf";
export const SECRET_MARKER = "JAILLINT-FUZZ-SECRET";

const TEXT_TOKENS = [
  ...[
    "{",
    "}",
    ";",
    '"',
    "'",
    "$",
    "${",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "=",
    "+=",
    "#",
    "/*",
    "*/",
    "*",
    "(",
    ")",
    "<",
    ">",
    "`",
    "$(",
    "->",
  ],
  ...["é", "\u{1f600}", "\u202e", "\u2067", "\u061c", "\u001b[2J", "\u001b]0;x\u0007", "\u009b31m", "\ufeff", "\u0085", "\u2028"],
  ...[" ", "\t", "\\\n", "a", "x.y", "10.0.0.1", "::1", "lo1", "pass", "exec.start", "_enable=", "YES", "www {", "}\n"],
  ...[`.include "${SECRET_FILE}";\n`, `include "${SECRET_FILE}"\n`, `mount.fstab = "${SECRET_FILE}";\n`],
].map((t) => Buffer.from(t, "utf8"));

/** Bytes that are not UTF-8: a Latin-1 é, a byte never valid, a truncated sequence, an encoded lone surrogate. */
const RAW_TOKENS = [[0xe9], [0xff], [0xc3], [0xed, 0xa0, 0xbd]].map((b) => Buffer.from(b));

/** What a very long line is made of. */
const LONG_UNITS = ["a", "x ", "{", "$a", "\\", '"', "é", "1.", "${a}"];

const at = (rng: Rng, b: Buffer): number => rng.int(b.length + 1);
const insert = (b: Buffer, pos: number, add: Buffer): Buffer => Buffer.concat([b.subarray(0, pos), add, b.subarray(pos)]);

/** One random edit: a byte changed, a span deleted or duplicated, a token or a slice of another file spliced in, a very long line. */
function mutateOnce(rng: Rng, b: Buffer, donors: readonly Source[]): Buffer {
  const op = rng.int(100);
  if (op < 12 && b.length > 0) {
    const i = rng.int(b.length);
    const out = Buffer.from(b);
    out[i] = rng.chance(0.5) ? (out[i] as number) ^ (1 << rng.int(8)) : rng.int(256);
    return out;
  }
  if (op < 30 && b.length > 0) {
    const start = rng.int(b.length);
    return Buffer.concat([b.subarray(0, start), b.subarray(Math.min(b.length, start + 1 + rng.int(24)))]);
  }
  if (op < 42 && b.length > 0) {
    const start = rng.int(b.length);
    return insert(b, at(rng, b), b.subarray(start, Math.min(b.length, start + 1 + rng.int(80))));
  }
  if (op < 78) return insert(b, at(rng, b), rng.pick(TEXT_TOKENS));
  if (op < 86) return insert(b, at(rng, b), rng.pick(RAW_TOKENS));
  if (op < 96) {
    const donor = donors.length > 0 ? rng.pick(donors).bytes : b;
    const start = rng.int(donor.length);
    return insert(b, at(rng, b), donor.subarray(start, start + 1 + rng.int(200)));
  }
  const line = Buffer.from(rng.pick(LONG_UNITS).repeat(2_000 + rng.int(12_000)), "utf8");
  return insert(b, at(rng, b), line);
}

export function mutate(rng: Rng, bytes: Buffer, donors: readonly Source[]): Buffer {
  let b = bytes;
  for (let n = 1 + rng.int(6); n > 0; n--) b = mutateOnce(rng, b, donors);
  return b;
}

const FILE_NAME: Record<Kind, string> = { jail: "jail.conf", rc: "rc.conf", pf: "pf.conf" };

/** The case a seed and an index stand for; the same on every run and machine. */
export function makeCase(seed: number, index: number, sources: readonly Source[], trees: readonly TreeSource[]): FuzzCase {
  const rng = new Rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const ofKind = (k: Kind): Source[] => sources.filter((s) => s.kind === k);
  const shape = rng.int(3);
  if (shape === 0) {
    const src = rng.pick(sources);
    const name = FILE_NAME[src.kind];
    return {
      index,
      label: `file ${src.name}`,
      files: new Map([[name, mutate(rng, src.bytes, ofKind(src.kind))]]),
      target: ["--root", ".", name],
    };
  }
  let label: string;
  let files: Map<string, Buffer>;
  if (shape === 1) {
    const tree = rng.pick(trees);
    label = `tree ${tree.name}`;
    files = new Map(tree.files);
  } else {
    // A host put together from three unrelated files, so every rule meets inputs no fixture host was written for.
    const [j, r, p] = (["jail", "rc", "pf"] as const).map((k) => rng.pick(ofKind(k)));
    label = `tree of ${j?.name}, ${r?.name}, ${p?.name}`;
    files = new Map([
      ["etc/jail.conf", j?.bytes ?? Buffer.alloc(0)],
      ["etc/rc.conf", r?.bytes ?? Buffer.alloc(0)],
      ["etc/pf.conf", p?.bytes ?? Buffer.alloc(0)],
    ]);
  }
  const paths = [...files.keys()];
  const chosen = paths.filter(() => rng.chance(0.6));
  for (const path of chosen.length > 0 ? chosen : [rng.pick(paths)]) {
    const kind = kindOfPath(path) ?? "jail";
    files.set(path, mutate(rng, files.get(path) as Buffer, ofKind(kind)));
  }
  return { index, label, files, target: ["."] };
}
