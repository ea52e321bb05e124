import { describeJails, type TextRange } from "@jaillint/parser";
import type { Fix, RelatedLocation, Severity } from "../engine/diagnostic.js";
import type { RuleContext } from "../engine/rule.js";

interface Group {
  file: string;
  range: TextRange;
  jails: string[];
  /** The same jails, to look them up: a global statement groups every jail of the host. */
  named: Set<string>;
  build: (jails: string) => { message: string; fix?: Fix; related?: readonly RelatedLocation[]; severity?: Severity };
}

/**
 * A statement in a global or wildcard section applies to many jails. Collect the jails per location and
 * report once per location, naming them: one finding per line to change, not one per jail.
 */
export class GroupedReport {
  readonly #groups = new Map<string, Group>();
  add(file: string, range: TextRange, jail: string, build: Group["build"]): void {
    // Jails share a finding only when its text, jail names aside, is the same for them: a builder may say
    // different things to different jails (allow.mount changes JL105's advice).
    const shape = build("\u0000").message;
    const key = `${file}\0${range.start}\0${range.end}\0${shape}`;
    const g = this.#groups.get(key);
    if (g) {
      if (!g.named.has(jail)) {
        g.named.add(jail);
        g.jails.push(jail);
      }
    } else this.#groups.set(key, { file, range, jails: [jail], named: new Set([jail]), build });
  }
  flush(ctx: RuleContext): void {
    for (const g of this.#groups.values()) {
      const built = g.build(describeJails(g.jails));
      ctx.report({
        file: g.file,
        range: g.range,
        message: built.message,
        ...(built.fix ? { fix: built.fix } : {}),
        ...(built.related ? { related: built.related } : {}),
        ...(built.severity ? { severity: built.severity } : {}),
      });
    }
  }
}
