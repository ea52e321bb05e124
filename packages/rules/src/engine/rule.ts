import type { TextRange } from "@jaillint/parser";
import type { HostModel } from "../model/host-model.js";
import type { Diagnostic, Fix, RelatedLocation, Severity } from "./diagnostic.js";

/** The file kinds a rule reads. The engine runs a rule only when the files it needs were given. */
export type FileKind = "jail" | "rc" | "pf";

/**
 * What a rule judges. A `file` rule's findings in a file depend only on what one run of the file's program reads
 * to load it (its unit, see fileUnit): `jail -f ROOT` reads the root jail.conf and its `.include`s and fstab
 * files, `pfctl -f ROOT` the root pf.conf and its `include`s (with rc.conf's pf_flags macros), rc(8) the rc.conf
 * files in turn. It gives the same findings in the file when that unit is linted as when the whole host is (the
 * language server re-runs it on every edit, see lintFile). A `host` rule weighs kinds together (rc.conf against
 * jail.conf, pf.conf against the jails' addresses, jails of separate jail.conf.d roots) and runs over the whole host.
 */
export type RuleScope = "file" | "host";

export interface RuleDocs {
  /** What it finds: one or two sentences. */
  readonly what: string;
  /** Why it matters: the FreeBSD behaviour behind it. */
  readonly why: string;
  /** A configuration that triggers the rule, and its fixed form (both are checked by the docs test). */
  readonly example: { readonly kind: FileKind; readonly bad: string; readonly good: string };
  /**
   * The other files the example needs to trigger (a rule that reads several files): for a `jail` example, the
   * rc.conf and pf.conf of the host; for an `rc` or `pf` example, the jail.conf and the other one; `files`, other
   * files of the host by path (the ipfw rules rc.conf's firewall_script names).
   */
  readonly context?: {
    readonly rc?: string;
    readonly pf?: string;
    readonly jail?: string;
    readonly files?: Readonly<Record<string, string>>;
  };
  /** How to fix it. */
  readonly fix: string;
}

export interface RuleOptionsSpec {
  /** Option name → its description and default (numbers only for now). */
  readonly [name: string]: { readonly description: string; readonly default: number; readonly min?: number; readonly max?: number };
}

export interface RuleMeta {
  /** Stable public code, `JL` + three digits. */
  readonly code: string;
  /** Stable kebab-case name that names the problem. */
  readonly name: string;
  readonly severity: Severity;
  /**
   * Whether findings carry a fix, and how safe the safest one is: `safe` fixes are applied by --fix, `unsafe`
   * ones only with --unsafe-fixes.
   */
  readonly fixable: false | "safe" | "unsafe";
  readonly needs: readonly FileKind[];
  /** Whether the rule judges one file or the whole host (see RuleScope). */
  readonly scope: RuleScope;
  readonly docs: RuleDocs;
  readonly options?: RuleOptionsSpec;
}

export interface Report {
  readonly message: string;
  readonly file: string;
  readonly range: TextRange;
  readonly fix?: Fix;
  readonly related?: readonly RelatedLocation[];
  /** Overrides the rule's default (JL001 reports notes as info). */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly model: HostModel;
  /** This rule's options, defaults filled in. */
  readonly options: Readonly<Record<string, number>>;
  report(report: Report): void;
  /** How a message names a file (ConfigHost.label: the CLI's display path); a report's `file` stays the path. */
  label(file: string): string;
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export type { Diagnostic };
