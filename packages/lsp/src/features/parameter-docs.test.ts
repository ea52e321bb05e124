import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JAIL_PARAMETERS } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { corpusDir, haveCorpus } from "../../../../test/support/corpus.js";
import { paramMarkdown, paramValues } from "./parameter-docs.js";
import { JAIL_PARAM_EXTRAS } from "./parameter-extras.js";

describe("parameter documentation", () => {
  it("has extras only for parameters the catalog knows", () => {
    const names = new Set(JAIL_PARAMETERS.map((p) => p.name));
    expect(Object.keys(JAIL_PARAM_EXTRAS).filter((n) => !names.has(n))).toEqual([]);
  });

  const reference = corpusDir ? join(corpusDir, "../reference/jail-params.json") : undefined;
  it.skipIf(!haveCorpus() || !reference || !existsSync(reference))("matches the reference catalog jail-params.json", () => {
    const rows = JSON.parse(readFileSync(reference as string, "utf8")) as {
      name: string;
      default: string | null;
      requires?: string | null;
      create_only?: boolean;
      notes?: string | null;
    }[];
    const expected: Record<string, object> = {};
    for (const r of rows) {
      const e = {
        ...(r.default != null ? { default: r.default } : {}),
        ...(r.requires != null ? { requires: r.requires } : {}),
        ...(r.create_only ? { createOnly: true } : {}),
        ...(r.notes ? { notes: r.notes } : {}),
      };
      if (Object.keys(e).length > 0) expected[r.name] = e;
    }
    expect(JAIL_PARAM_EXTRAS).toEqual(expected);
  });

  it("writes a parameter's documentation with its default and what it needs", () => {
    expect(paramMarkdown("enforce_statfs", 15)).toBe(
      [
        "**enforce_statfs** · integer · kernel parameter",
        "",
        "Mount-point visibility: 0 all, 1 only below the jail root (path stripped), 2 only the root's mount.",
        "",
        "- Default: 2",
        "",
        "Outside 0..2: EINVAL. Lower than the parent's: EPERM. allow.mount* takes effect only when < 2.",
      ].join("\n"),
    );
    expect(paramMarkdown("zfs.dataset", 14)).toContain("- Since FreeBSD 15.0 (not in FreeBSD 14)");
    expect(paramMarkdown("allow.mount.nullfs", 15)?.split("\n")[0]).toBe("**allow.mount.nullfs** · boolean · kernel parameter");
    expect(paramMarkdown("allow.mount.cd9660", 15)?.split("\n")[0]).toBe("**allow.mount.cd9660** · boolean · kernel parameter");
    expect(paramMarkdown("nosuchparam", 15)).toBeUndefined();
  });

  it("knows the values of the enumerations", () => {
    const info = (n: string) => JAIL_PARAMETERS.find((p) => p.name === n) as (typeof JAIL_PARAMETERS)[number];
    expect(paramValues("securelevel", info("securelevel")).map((v) => v.value)).toEqual(["-1", "0", "1", "2", "3"]);
    expect(paramValues("host", info("host")).map((v) => v.value)).toEqual(["new", "inherit"]);
    expect(paramValues("zfs.mount_snapshot", info("zfs.mount_snapshot")).map((v) => v.value)).toEqual(["0", "1"]);
    expect(paramValues("path", info("path"))).toEqual([]);
  });
});
