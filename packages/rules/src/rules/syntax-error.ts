import { defineRule } from "../engine/rule.js";

export const syntaxError = defineRule({
  code: "JL001",
  name: "syntax-error",
  severity: "error",
  fixable: false,
  needs: [],
  docs: {
    what: "Text that the file's own parser rejects: jail(8) for jail.conf, pfctl(8) for pf.conf, sh(1) for rc.conf. The same code serves all three file kinds. In rc.conf, shell constructs that jaillint keeps but does not evaluate (`if`, `case`, functions, commands) are reported once at info severity. In jail.conf a statement that did not parse gives its JL001 and nothing else: no other rule judges what the parser's recovery made of it, and a variable it defines still counts as defined. A jail.conf that is mostly unparseable (at least 10 syntax errors on a quarter of its lines or more, as in a Jinja, ERB or Go template) gets one finding that says so, and no others.",
    why: "jail(8) refuses the whole file on the first syntax error, so no jail starts; pfctl refuses to load the ruleset and the previous one (or none) stays active. Forms a FreeBSD release does not accept (CRLF line endings, nested blocks and `.include` before 14.0) are reported for the release chosen with `--freebsd`.",
    example: {
      kind: "jail",
      bad: 'www {\n  host.hostname = "www.example.org"\n  path = "/jails/www";\n}\n',
      good: 'www {\n  host.hostname = "www.example.org";\n  path = "/jails/www";\n}\n',
    },
    fix: "Do what the message says: usually a missing `;`, an unclosed quote or brace, or a value that needs quotes because it holds `#`, `//`, `/*`, `,`, `;`, `=`, `{` or `}`.",
  },
  check({ model, report }) {
    const files = [...(model.jailConf?.files ?? []), ...(model.rc?.files ?? []), ...model.pfFiles];
    for (const f of files) {
      for (const p of f.ast.problems) {
        report({ message: p.message, file: f.file, range: p.range, ...(p.severity === "note" ? { severity: "info" as const } : {}) });
      }
    }
  },
});
