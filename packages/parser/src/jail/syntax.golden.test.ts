import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { at, expectGolden } from "../../../../test/support/golden.js";
import type { ConfString, JailStatement } from "./ast.js";
import { parseJailConf } from "./index.js";

const dir = join(import.meta.dirname, "../../../../fixtures/jail/syntax");

function showString(s: ConfString): string {
  return s.pieces.map((p) => (p.kind === "literal" ? p.text : `<$${p.braced ? `{${p.name}}` : p.name}>`)).join("");
}

function dump(text: string, statements: readonly JailStatement[]): unknown[] {
  return statements.map((st) => {
    if (st.type === "Jail") return { jail: st.name, at: at(text, st.range), name: at(text, st.nameRange), body: dump(text, st.body) };
    if (st.type === "Include") return { include: st.paths.map(showString), at: at(text, st.range) };
    return {
      [st.isVariable ? "variable" : "param"]: st.name,
      op: st.operator,
      values: st.values.map(showString),
      at: at(text, st.range),
      valueRanges: st.values.map((v) => at(text, v.range)),
    };
  });
}

describe("jail.conf syntax forms (golden ASTs)", () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".conf"))) {
    it(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const versions = [15, 13] as const;
      const out: Record<string, unknown> = {};
      for (const v of versions) {
        const file = parseJailConf(text, { freebsd: v });
        if (v === 15) {
          out.statements = dump(text, file.statements);
          out.comments = file.comments.map((c) => at(text, c.range));
        }
        out[`problems (FreeBSD ${v})`] = file.problems.map((p) => `${at(text, p.range)} ${p.severity ?? "error"}: ${p.message}`);
      }
      expectGolden(join(dir, name.replace(/\.conf$/, ".ast.golden.json")), `${JSON.stringify(out, null, 2)}\n`);
    });
  }
});
