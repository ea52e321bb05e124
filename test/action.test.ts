// The GitHub Action (action.yml) as a workflow meets it: its metadata is checked, and its `run:` steps are run
// here in order, as the runner runs them (bash --noprofile --norc -eo pipefail, the inputs and expressions put in
// each step's env, a GITHUB_OUTPUT file per step), on a copy of the example host. The `uses:` steps (setup-node,
// upload-sarif) are GitHub's own actions and are only checked for what they are given.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as Action;

describe("action.yml", () => {
  it("is a composite action with inputs for paths, severity and baseline", () => {
    expect(action.name).toBe("jaillint");
    expect(action.description.length).toBeGreaterThan(0);
    expect(action.runs.using).toBe("composite");
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({
      paths: ".",
      severity: "error",
      baseline: "",
      "upload-sarif": "true",
      "node-version": "20",
    });
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(0);
    expect(Object.keys(action.outputs)).toEqual(["sarif-file", "exit-code"]);
  });

  it("sets up Node, runs jaillint, uploads the SARIF report and then fails as jaillint did", () => {
    const steps = action.runs.steps;
    expect(steps.map((s) => s.uses ?? `run ${s.id ?? ""}`.trim())).toEqual([
      "actions/setup-node@v4",
      "run lint",
      "github/codeql-action/upload-sarif@v3",
      "run",
    ]);
    expect(steps[0]?.with).toEqual({ "node-version": "${{ inputs.node-version }}" });
    expect(steps[2]?.with).toEqual({ sarif_file: "${{ steps.lint.outputs.sarif-file }}", category: "jaillint" });
    expect(steps[2]?.if).toBe("${{ always() && inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != '' }}");
    for (const s of steps.filter((x) => x.run !== undefined)) {
      expect(s.shell).toBe("bash");
      // Expressions go into the environment only: one spliced into a script could inject shell code.
      expect(s.run).not.toContain("${{");
    }
  });
});

describe("the README's example workflow", () => {
  it("uses the action with inputs it has, and grants the SARIF upload its permission", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## GitHub Action\n"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const example = parse(block) as { permissions: Record<string, string>; steps: Step[] };
    expect(example.permissions["security-events"]).toBe("write");
    const step = example.steps.find((s) => s.uses?.startsWith("jaillint/jaillint@"));
    expect(step?.uses).toMatch(/^jaillint\/jaillint@v\d+\.\d+\.\d+$/);
    for (const key of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    expect(Object.keys(step?.with ?? {})).toEqual(["paths", "severity", "baseline"]);
  });
});

/** The expressions the action's env uses, resolved as the runner would. */
function evaluate(
  expr: string,
  ctx: { inputs: Record<string, string>; actionPath: string; temp: string; outputs: Record<string, string> },
) {
  return expr.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
    if (e === "github.action_path") return ctx.actionPath;
    if (e === "runner.temp") return ctx.temp;
    const input = /^inputs\.([\w-]+)$/.exec(e);
    if (input?.[1] !== undefined) return ctx.inputs[input[1]] ?? "";
    const output = /^steps\.lint\.outputs\.([\w-]+)$/.exec(e);
    if (output?.[1] !== undefined) return ctx.outputs[output[1]] ?? "";
    throw new Error(`an expression this test does not evaluate: ${e}`);
  });
}

/** Runs the action's run steps in a copy of the example host; what each printed, and the lint step's outputs. */
function runAction(given: Record<string, string>, prepare?: (workspace: string) => void) {
  const workspace = scratch();
  cpSync(join(repoRoot, "fixtures/example-host"), workspace, { recursive: true });
  prepare?.(workspace);
  const temp = scratch();
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? ""]));
  const outputs: Record<string, string> = {};
  const ran: { status: number | null; stdout: string; stderr: string }[] = [];
  action.runs.steps.forEach((step, i) => {
    if (step.run === undefined) return;
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(outputFile, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: repoRoot,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: temp,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v, { inputs, actionPath: repoRoot, temp, outputs });
    const script = join(temp, `step-${i}.sh`);
    writeFileSync(script, step.run);
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd: workspace, env, encoding: "utf8" });
    ran.push({ status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (step.id === "lint")
      for (const line of readFileSync(outputFile, "utf8").split("\n").filter(Boolean)) {
        const eq = line.indexOf("=");
        outputs[line.slice(0, eq)] = line.slice(eq + 1);
      }
  });
  return { workspace, outputs, lint: ran[0], last: ran[1] };
}

describe("the action's steps, run here", () => {
  it("annotate the findings, write the SARIF report and fail the job with status 1", () => {
    const { workspace, outputs, lint, last } = runAction({ paths: "etc" });
    expect(lint?.status).toBe(0);
    expect(lint?.stdout).toBe(jaillint(["etc", "--format", "github"], workspace).stdout);
    expect(lint?.stdout).toContain("::error file=etc/jail.conf,line=34,col=21,endLine=34,endColumn=22,title=JL106 unrestricted-devfs::");
    expect(outputs["exit-code"]).toBe("1");
    const sarif = JSON.parse(readFileSync(outputs["sarif-file"] ?? "", "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain("JL106");
    expect(last).toEqual({ status: 1, stdout: "", stderr: "jaillint exited with status 1\n" });
  });

  it("take several paths, and a severity", () => {
    const { outputs, lint, last } = runAction({ paths: "etc/jail.conf\n  etc/rc.conf", severity: "info" });
    expect(lint?.stdout).toContain("file=etc/jail.conf");
    expect(lint?.stdout).toContain("file=etc/rc.conf");
    expect(lint?.stdout).not.toContain("file=etc/pf.conf");
    expect(outputs["exit-code"]).toBe("1");
    expect(last?.status).toBe(1);
  });

  it("report nothing and pass with a baseline that holds every finding", () => {
    const { outputs, lint, last } = runAction({ paths: "etc", baseline: "jaillint-baseline.json" }, (workspace) => {
      expect(jaillint(["etc", "--write-baseline", "jaillint-baseline.json"], workspace).status).toBe(0);
    });
    expect(lint?.stdout).toBe("");
    expect(outputs["exit-code"]).toBe("0");
    expect(JSON.parse(readFileSync(outputs["sarif-file"] ?? "", "utf8")).runs[0].results).toEqual([]);
    expect(last).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("fail with status 2 and no SARIF report when a path does not exist", () => {
    const { outputs, lint, last } = runAction({ paths: "no-such-dir" });
    expect(lint?.stderr).toMatch(/^jaillint: .*no-such-dir/m);
    expect(outputs).toEqual({ "sarif-file": "", "exit-code": "2" });
    expect(last?.status).toBe(2);
  });
});
