import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IToken } from "chevrotain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { repoRoot } from "../../../../test/support/corpus.js";
import { parsePfConf, parsePfConfWithMacros } from "./index.js";
import { PfLexer } from "./lexer.js";
import { parsePfStatement, pfParser } from "./parser.js";
import { PfAstBuilder } from "./to-ast.js";
import { NL } from "./tokens.js";

// Structural guards for the pf front end's cost (issue 9); none of them times anything.

const sample = [
  'ext_if = "em0"',
  'jails = "{ 10.0.0.1 10.0.0.2 }"',
  "table <bad> persist { 192.0.2.0/24 !192.0.2.7 }",
  "set skip on lo0",
  "set timeout { tcp.first 30, udp.single 60 }",
  "nat on $ext_if from 10.0.0.0/24 to any -> ($ext_if:0)",
  "rdr pass on $ext_if proto tcp to port 8080 -> 10.0.0.1 port 80",
  "block return log all",
  'pass in quick on $ext_if inet proto tcp from ! <bad> to $jails port { 22 80:90 >1024 } flags S/SA keep state (max 100, source-track rule) label "in"',
  'anchor "jails" in on $ext_if {',
  "  pass out proto udp to any port domain",
  "  block in from any to $undefined_macro",
  "}",
  "ether pass in on $ext_if from 00:11:22:33:44:55",
  "pass in from any to any port 99999 bogus",
  "pass out route-to (em1 10.0.0.254) from any to any rtable 1 queue (q1, q2)",
].join("\n");

/** Every object reachable from `root`, Maps and Sets included. */
function reachable(root: unknown): object[] {
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) todo.push(k, x);
    else if (v instanceof Set) for (const x of v) todo.push(x);
    else for (const k of Object.keys(v)) todo.push((v as Record<string, unknown>)[k]);
  }
  return [...seen];
}

describe("the pf AST", () => {
  it("holds no Chevrotain token or CST node: they are garbage once the file is parsed", () => {
    const fixture = readFileSync(join(repoRoot, "fixtures/hosts/recommended/etc/pf.conf"), "utf8");
    for (const text of [sample, fixture]) {
      const result = parsePfConfWithMacros(text, { macros: new Map([["dflag", "em9"]]) });
      expect(result.file.statements.length).toBeGreaterThan(5);
      const objects = reachable(result);
      expect(objects.length).toBeGreaterThan(100);
      const leaks = objects.filter(
        (o) => "tokenType" in o || "tokenTypeIdx" in o || "image" in o || ("children" in o && "name" in o) || "payload" in o,
      );
      expect(leaks).toEqual([]);
      // Plain data only: a Chevrotain object would bring its prototype (a CstNode, an exception) along.
      const odd = objects.filter((o) => ![Object.prototype, Array.prototype, Map.prototype].includes(Object.getPrototypeOf(o)));
      expect(odd).toEqual([]);
    }
  });

  it("leaves the shared parser without the last statement's tokens", () => {
    parsePfConf("pass in all\nblock out all\n");
    expect(pfParser().input).toEqual([]);
    expect(pfParser().errors).toEqual([]);
  });
});

describe("the pf front end reads a file a statement at a time", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("builds each statement before it reads the lines after it", () => {
    const events: string[] = [];
    const line = PfLexer.prototype.line;
    vi.spyOn(PfLexer.prototype, "line").mockImplementation(function (this: PfLexer, out: IToken[]) {
      events.push("line");
      return line.call(this, out);
    });
    const statement = PfAstBuilder.prototype.statement;
    vi.spyOn(PfAstBuilder.prototype, "statement").mockImplementation(function (this: PfAstBuilder, cst) {
      events.push("statement");
      return statement.call(this, cst);
    });
    const text = Array.from({ length: 200 }, (_, i) => `pass in on em0 proto tcp to port ${i + 1}`).join("\n");
    expect(parsePfConf(text).statements).toHaveLength(200);
    // Statement k is built after line k+1 is read (the splitter sees the newline ending it) and before line k+2.
    let lines = 0;
    let built = 0;
    for (const e of events) {
      if (e === "line") lines++;
      else {
        built++;
        expect(lines - built).toBeLessThanOrEqual(1);
      }
    }
    expect(built).toBe(200);
  });
});

describe("the pf AST builder", () => {
  it("reads each token's offsets a bounded number of times, however deeply its node is nested", () => {
    // A statement with many options and list items: ranges are asked for the statement, each option, each address
    // spec and each host.
    const text =
      "pass in on em0 proto tcp from { 10.0.0.1 10.0.0.2 (em0) <t> 10.1.0.0/16 } port { 1 2 3:9 >100 } " +
      "to { 10.0.0.3 10.0.0.4 } port 80 flags S/SA keep state (max 10, max-src-conn 5, tcp.established 60) " +
      'label "a" tag b tagged c queue (q1, q2) rtable 1 max-pkt-rate 100/10 set prio (1, 2) rdr-to 10.0.0.9 port 81 round-robin';
    const lexer = new PfLexer(text);
    const raw: IToken[] = [];
    while (lexer.line(raw)) {}
    let counting = false;
    const reads = new Map<IToken, number>();
    const tokens = raw
      .filter((t) => t.tokenType !== NL)
      .map((t) => {
        const counted: IToken = new Proxy(t, {
          get(target, key, receiver) {
            if (counting && key === "startOffset") reads.set(counted, (reads.get(counted) ?? 0) + 1);
            return Reflect.get(target, key, receiver);
          },
        });
        return counted;
      });
    const { cst, errors } = parsePfStatement(tokens);
    expect(errors).toEqual([]);
    counting = true;
    const builder = new PfAstBuilder();
    const ast = builder.statement(cst);
    counting = false;
    expect(ast?.type).toBe("FilterRule");
    expect(reads.size).toBeGreaterThan(0);
    // Measuring every node again from its tokens read the most-read token here 35 times; with the offsets the
    // parser records on each node, the builder reads it 8 times (for its words and option arguments).
    expect(Math.max(...reads.values())).toBeLessThanOrEqual(10);
  });
});
