import { paramKey, type SourcedParam } from "@jaillint/parser";
import { removeStatement } from "../engine/fixes.js";
import { defineRule } from "../engine/rule.js";

export const overriddenParameter = defineRule({
  code: "JL006",
  name: "overridden-parameter",
  severity: "warning",
  fixable: "safe",
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A parameter or variable set twice with `=` (or bare) in the same section, so the first assignment never takes effect. `persist` and `nopersist` count as the same parameter.",
    why: "jail(8) replaces the earlier value with the later one. The dead line misleads whoever reads the file: the securelevel or address they see is not the one the jail gets.",
    example: {
      kind: "jail",
      bad: "www {\n  securelevel = 3;\n  persist;\n  securelevel = 1;\n}\n",
      good: "www {\n  persist;\n  securelevel = 3;\n}\n",
    },
    fix: "Delete the dead assignment (the safe fix does that), or merge the two. Use `+=` to add to a list instead of replacing it.",
  },
  check({ model, report }) {
    for (const section of model.jailConf?.sections ?? []) {
      const latest = new Map<string, SourcedParam>();
      const dead: [SourcedParam, SourcedParam][] = [];
      // Walk backwards: a statement is dead when a later `=`/bare one with the same key follows in this section.
      for (let i = section.params.length - 1; i >= 0; i--) {
        const sp = section.params[i] as SourcedParam;
        const st = sp.statement;
        if (st.recovered) continue; // did not parse: JL001 only
        const key = `${st.isVariable ? "$" : ""}${st.isVariable ? st.name : paramKey(st.name)}`;
        const later = latest.get(key);
        if (later) dead.push([sp, later]);
        if (st.operator !== "+=") latest.set(key, sp);
        else if (later) latest.set(key, later);
      }
      for (const [sp, later] of dead.reverse()) {
        const st = sp.statement;
        const name = st.isVariable ? `$${st.name}` : st.name;
        const where = section.name === "*" ? "the global section" : `"${section.name}"`;
        const text = model.texts.get(sp.file) ?? "";
        report({
          message: `"${name}" is set again later in ${where}, so this assignment never takes effect: delete it or merge the two`,
          file: sp.file,
          range: st.range,
          fix: removeStatement(text, st, `remove the dead assignment of ${name}`, "safe"),
          related: [{ file: later.file, range: later.statement.range, message: "the assignment that wins" }],
        });
      }
    }
  },
});
