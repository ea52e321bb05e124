import type { Diagnostic } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { FORMATTERS } from "./index.js";
import { isUnsafeChar, terminalSafe } from "./terminal-safe.js";

// A config that attacks the terminal: an escape sequence, an OSC title change, a bidi override and isolate, a C1
// CSI; a byte-order mark, a lone-CR line break and an emoji before the finding (columns count code points).
const FILE = "jail\u001b[0m.conf";
const TEXT = '\ufeffwww {\r  h😀 = "\u001b[31m\u202eevil\u2066";\r\n}\n';
const VALUE = TEXT.indexOf('"');
const DIAG: Diagnostic = {
  code: "JL003",
  rule: "invalid-parameter-value",
  severity: "error",
  message: `bad value ${TEXT.slice(VALUE, TEXT.indexOf(";"))}\nsecond\u009b line\u001b]0;title\u0007`,
  file: FILE,
  range: { start: VALUE, end: TEXT.indexOf(";") },
  related: [{ file: FILE, range: { start: 1, end: 4 }, message: "the jail\u202e" }],
  fix: { description: "quote\u200f it", safety: "unsafe", edits: [{ start: VALUE, end: VALUE + 1, newText: "'\u2067" }] },
};

function format(name: string): string {
  const fmt = FORMATTERS[name] as (typeof FORMATTERS)[string];
  return fmt({ diagnostics: [DIAG], texts: new Map([[FILE, TEXT]]), color: false, cwd: "/work" });
}

/** What a terminal would act on: anything unsafe except the output's own line breaks. */
const unsafe = (out: string): string[] => [...out].filter((ch) => ch !== "\n" && isUnsafeChar(ch.charCodeAt(0)));

const MESSAGE_SHOWN = 'bad value "\\x1b[31m\\u{202e}evil\\u{2066}"\\nsecond\\u{9b} line\\x1b]0;title\\x07';

describe("every format neutralizes control and bidi characters", () => {
  it("stylish shows them as escapes and keeps the caret under the range", () => {
    expect(format("stylish")).toBe(
      [
        "jail\\x1b[0m.conf",
        `  2:8     error   ${MESSAGE_SHOWN}  JL003 invalid-parameter-value [fix available: unsafe]`,
        '  2 |   h😀 = "\\x1b[31m\\u{202e}evil\\u{2066}";',
        `    |        ${"^".repeat(30)}`,
        "          = jail\\x1b[0m.conf:1:1: the jail\\u{202e}",
        "",
        "✖ 1 problem (1 error, 0 warnings, 0 info)",
        "  Run `jaillint explain CODE` for what a rule checks and how to fix it.",
        "",
      ].join("\n"),
    );
  });

  it("gcc: one line per finding", () => {
    expect(format("gcc")).toBe(`jail\\x1b[0m.conf:2:8: error: ${MESSAGE_SHOWN} [JL003]\n`);
  });

  it("github: the workflow-command escapes, then visible escapes for the rest", () => {
    expect(format("github")).toBe(
      "::error file=jail\\x1b[0m.conf,line=2,col=8,endLine=2,endColumn=21,title=JL003 invalid-parameter-value::" +
        'bad value "\\x1b[31m\\u{202e}evil\\u{2066}"%0Asecond\\u{9b} line\\x1b]0;title\\x07 [JL003]\n',
    );
  });

  it("json: JSON escapes for every one of them, decoded back exactly", () => {
    const out = format("json");
    expect(unsafe(out)).toEqual([]);
    expect(out).toContain(
      '"message": "bad value \\"\\u001b[31m\\u202eevil\\u2066\\"\\nsecond\\u009b line\\u001b]0;title\\u0007",\n      "file": "jail\\u001b[0m.conf",',
    );
    const parsed = JSON.parse(out);
    expect(parsed.diagnostics[0].message).toBe(DIAG.message);
    expect(parsed.diagnostics[0].range).toEqual({ start: { line: 2, column: 8 }, end: { line: 2, column: 21 } });
    expect(parsed.diagnostics[0].fix).toEqual({
      description: "quote\u200f it",
      safety: "unsafe",
      edits: [{ range: { start: { line: 2, column: 8 }, end: { line: 2, column: 9 } }, newText: "'\u2067" }],
    });
  });

  it("sarif: JSON escapes, and columns in the UTF-16 code units its columnKind declares", () => {
    const out = format("sarif");
    expect(unsafe(out)).toEqual([]);
    const run = JSON.parse(out).runs[0];
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.results[0].message.text).toBe(DIAG.message);
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 9, endLine: 2, endColumn: 22 });
    expect(out).toContain('"text": "bad value \\"\\u001b[31m\\u202eevil\\u2066\\"\\nsecond\\u009b line\\u001b]0;title\\u0007"');
  });

  it("checkstyle: character references where XML can carry them, visible escapes where it cannot", () => {
    expect(format("checkstyle")).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="jail\\x1b[0m.conf">',
        '    <error line="2" column="8" severity="error" message="bad value &quot;\\x1b[31m&#x202e;evil&#x2066;&quot;\\nsecond&#x9b; line\\x1b]0;title\\x07 [JL003]" source="jaillint.JL003.invalid-parameter-value"/>',
        "  </file>",
        "</checkstyle>",
        "",
      ].join("\n"),
    );
  });

  it("gitlab: JSON escapes, the message decodes back exactly", () => {
    const out = format("gitlab");
    expect(unsafe(out)).toEqual([]);
    expect(JSON.parse(out)).toEqual([
      {
        description: DIAG.message,
        check_name: "JL003 invalid-parameter-value",
        fingerprint: "869f38d05f1a3dc297d05f6645dc8981",
        severity: "major",
        location: { path: FILE, lines: { begin: 2, end: 2 } },
        type: "issue",
        categories: ["Security"],
      },
    ]);
    expect(out).toContain('"description": "bad value \\"\\u001b[31m\\u202eevil\\u2066\\"\\nsecond\\u009b line\\u001b]0;title\\u0007"');
  });

  it("junit: the checkstyle escapes, in attributes and in the failure's text", () => {
    const shown = "bad value &quot;\\x1b[31m&#x202e;evil&#x2066;&quot;\\nsecond&#x9b; line\\x1b]0;title\\x07";
    expect(format("junit")).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<testsuites name="jaillint" tests="1" failures="1" errors="0">',
        '  <testsuite name="jail\\x1b[0m.conf" tests="1" failures="1" errors="0" skipped="0" file="jail\\x1b[0m.conf">',
        '    <testcase classname="jail\\x1b[0m.conf" name="JL003 invalid-parameter-value">',
        `      <failure type="error" message="${shown}">jail\\x1b[0m.conf:2:8: error: ${shown}</failure>`,
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
  });

  it("azure: the logging-command escapes, then visible escapes for the rest", () => {
    expect(format("azure")).toBe(
      "##vso[task.logissue type=error;sourcepath=jail\\x1b[0m.conf;linenumber=2;columnnumber=8;code=JL003;]" +
        'bad value "\\x1b[31m\\u{202e}evil\\u{2066}"%0Asecond\\u{9b} line\\x1b]0;title\\x07 [JL003 invalid-parameter-value]\n',
    );
  });
});

describe("terminalSafe", () => {
  it("escapes C0, DEL, C1, bidi marks, overrides and isolates, zero-width characters and lone surrogates", () => {
    expect(
      terminalSafe("a\u0000\u0008\u000b\r\n\u007f\u0085\u009f\u061c\u200b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\ufeff\ud83d|\ude00"),
    ).toBe(
      "a\\x00\\x08\\x0b\\r\\n\\x7f\\u{85}\\u{9f}\\u{61c}\\u{200b}\\u{200e}\\u{200f}\\u{202a}\\u{202e}\\u{2066}\\u{2069}\\u{2028}\\u{feff}\\u{d83d}|\\u{de00}",
    );
  });
  it("keeps tabs, text and whole emoji", () => {
    expect(terminalSafe("\tzoné 😀 €")).toBe("\tzoné 😀 €");
  });
});
