import {
  type EffectiveJail,
  type EffectiveParam,
  type JailParamInfo,
  lookupJailParam,
  type SourcedParam,
  type TextRange,
} from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { parseJailAddress } from "../model/jail-address.js";
import { parseJailBool, parseJailInt } from "../model/jail-params.js";
import { resolveProblemsFor } from "../model/resolve-problem-codes.js";
import { allParamStatements, hasVariable, literalValues } from "../model/statements.js";

/** Kernel ranges (kern_jail.c) for the integer parameters that have one. */
const intRanges: Record<string, [number, number]> = {
  securelevel: [-1, 3],
  enforce_statfs: [0, 2],
  devfs_ruleset: [0, 65535],
  "children.max": [0, 2 ** 31 - 1],
  "zfs.mount_snapshot": [0, 1],
  jid: [1, 2 ** 31 - 1],
  "stop.timeout": [0, 2 ** 31 - 1],
  "exec.timeout": [0, 2 ** 31 - 1],
};

const absolutePathParams = new Set(["path", "exec.consolelog"]);

/** Problems with one value of a parameter, as jail(8), libjail or the kernel would report them. */
export function valueProblem(name: string, info: JailParamInfo, value: string, count: number): string | undefined {
  switch (info.type) {
    case "bool":
      if (parseJailBool(value) === undefined) {
        return `"${name}" is a boolean: "${value}" is not accepted (jail(8): unknown boolean value); write \`${name};\`, \`${name} = true;\` or \`${name} = false;\``;
      }
      break;
    case "int": {
      const n = parseJailInt(value);
      if (n === undefined) return `"${name}" takes an integer, not "${value}" (jail(8): non-integer value)`;
      const range = intRanges[info.name];
      if (range && (n < range[0] || n > range[1])) return `"${name}" = ${n} is out of range: the kernel accepts ${range[0]} to ${range[1]}`;
      if (info.values && !info.values.includes(n)) return `"${name}" accepts ${info.values.join(", ")}, not ${n}`;
      break;
    }
    case "jailsys": {
      const allowed = (info.values ?? []).map(String);
      const v = value.toLowerCase();
      const numeric = { "0": "disable", "1": "new", "2": "inherit" }[v];
      if (!allowed.includes(v) && !(numeric && allowed.includes(numeric)) && !(v === "" && allowed.includes("new"))) {
        return `"${name}" accepts ${allowed.map((a) => `"${a}"`).join(", ")}, not "${value}" (libjail: unknown jailsys value)`;
      }
      break;
    }
    case "ip4list":
    case "ip6list": {
      // libjail takes an empty string as an empty address list.
      if (value.trim() === "") break;
      const a = parseJailAddress(value, info.type === "ip4list" ? 4 : 6);
      if (a.error)
        return `${name}: ${a.error}; write an address like ${info.type === "ip4list" ? "`lo1|127.0.1.1/32` or `192.0.2.10`" : "`2001:db8::10` or `em0|2001:db8::10/64`"}`;
      if (a.ip && (a.ip.range() === "unspecified" || a.address === "255.255.255.255"))
        return `${name}: the kernel rejects ${a.address} as a jail address`;
      break;
    }
    case "string":
      if (absolutePathParams.has(info.name) && value !== "" && !value.startsWith("/")) {
        return `${name} "${value}" is not an absolute pathname: jail(8) refuses it; start it with "/"`;
      }
      break;
    default:
      break;
  }
  if (count > 1 && info.type !== "list" && info.type !== "ip4list" && info.type !== "ip6list") {
    return `"${name}" takes one value but is given ${count}: jail(8) silently uses only the last; remove the others`;
  }
  return undefined;
}

export const invalidParameterValue = defineRule({
  code: "JL003",
  name: "invalid-parameter-value",
  severity: "error",
  fixable: false,
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A value of the wrong type or out of range for its parameter: `securelevel = high`, `persist = yes`, `ip4 = maybe`, an unparsable address in `ip4.addr`, a relative `path`, a read-only parameter, `name` or `jid` set again inside a block (the block name already set it), a variable named like a jail(8) parameter, a list given to a single-valued parameter, or a list variable used inside a longer string.",
    why: "jail(8), libjail and the kernel reject these when the jail starts (`unknown boolean value`, `non-integer value`, `not an IPv4 address`, EINVAL), so the jail does not come up; a list given to a scalar parameter is silently cut to its last item.",
    example: {
      kind: "jail",
      bad: "www {\n  securelevel = high;\n  persist = yes;\n}\n",
      good: "www {\n  securelevel = 3;\n  persist;\n}\n",
    },
    fix: "Use a value of the documented type: booleans are bare (`persist;`, `nopersist;`) or true/false, integers are decimal, `ip4`/`ip6` take new/inherit/disable, addresses are `[interface|]address[/mask]`.",
  },
  check({ model, report }) {
    const seen = new Set<string>();
    const emit = (file: string, range: TextRange, message: string): void => {
      const key = `${file}\0${range.start}\0${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      report({ message, file, range });
    };
    for (const sp of allParamStatements(model)) {
      const st = sp.statement;
      if (st.isVariable) continue;
      const found = lookupJailParam(st.name);
      if (!found) continue;
      if (found.info.readonly) {
        emit(sp.file, st.nameRange, `"${st.name}" is read-only: the kernel sets it and jail(8) cannot; remove the line`);
        continue;
      }
      const values = literalValues(sp);
      if (!values) continue; // checked per jail below, after expansion
      for (let i = 0; i < values.length; i++) {
        const problem = valueProblem(st.name, found.info, values[i] as string, 1);
        const at = st.values[i];
        if (problem && at) emit(sp.file, at.range, problem);
      }
      const first = st.values[0];
      const last = st.values[st.values.length - 1];
      const listProblem = values.length > 1 ? valueProblem(st.name, found.info, values[values.length - 1] ?? "", values.length) : undefined;
      if (listProblem && first && last && !valueProblem(st.name, found.info, values[values.length - 1] ?? "", 1)) {
        emit(sp.file, { start: first.range.start, end: last.range.end }, listProblem);
      }
    }
    // Values with variables: check what they expand to in each jail.
    const expandedIn = (jail: EffectiveJail, param: EffectiveParam): void => {
      if (param.isVariable) return;
      // Most parameters are written without variables: those were checked above, once per statement.
      const setBy = param.setBy;
      let i = 0;
      while (i < setBy.length && (setBy[i]?.statement.recovered || !hasVariable(setBy[i] as SourcedParam))) i++;
      if (i === setBy.length) return;
      const found = lookupJailParam(param.name);
      if (!found) return;
      const written = setBy.filter((sp) => !sp.statement.recovered && hasVariable(sp));
      // Which values came from those statements: by comparing with the one or two there usually are, by a set otherwise.
      const count = written.reduce((n, sp) => n + sp.statement.values.length, 0);
      const many = count > 8 ? new Set(written.flatMap((sp) => sp.statement.values.map((v) => `${sp.file}\0${v.range.start}`))) : undefined;
      const withVars = (v: (typeof param.values)[number]): boolean =>
        many
          ? many.has(`${v.file}\0${v.range.start}`)
          : written.some((sp) => sp.file === v.file && sp.statement.values.some((x) => x.range.start === v.range.start));
      for (const v of param.values) {
        if (v.unresolved || !withVars(v)) continue;
        const problem = valueProblem(param.name, found.info, v.text, param.values.length);
        if (problem) emit(v.file, v.range, `${problem} (in jail "${jail.name}")`);
      }
    };
    for (const jail of model.jails)
      jail.params.forEach((param) => {
        expandedIn(jail, param);
      });
    for (const p of resolveProblemsFor(model, "JL003")) emit(p.file, p.range, p.message);
  },
});
