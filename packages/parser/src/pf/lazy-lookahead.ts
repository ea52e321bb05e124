import { type ILookaheadStrategy, type ILookaheadValidationError, LLkLookaheadStrategy } from "chevrotain";

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type AlternationLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type OptionalLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;

/**
 * Chevrotain's LL(k) lookahead, each function built the first time its `OR`, `OPTION` or `MANY` is reached instead
 * of all of them when the parser is made. `performSelfAnalysis` computes the lookahead paths of every decision of
 * the grammar (most of the pf parser's construction cost); one pf.conf uses a small part of them. The functions
 * are the ones LLkLookaheadStrategy builds, from the same (immutable, once recorded) grammar, so parsing and its
 * errors do not change.
 */
export class LazyLookaheadStrategy implements ILookaheadStrategy {
  readonly #eager: ILookaheadStrategy;
  /** How many decisions the parser registered, and how many of their lookahead functions were built so far. */
  registered = 0;
  built = 0;

  constructor(options: { maxLookahead: number }) {
    this.#eager = new LLkLookaheadStrategy(options);
  }

  validate(options: Parameters<ILookaheadStrategy["validate"]>[0]): ILookaheadValidationError[] {
    return this.#eager.validate(options);
  }

  buildLookaheadForAlternation(options: AlternationOptions): AlternationLookahead {
    this.registered++;
    let real: AlternationLookahead | undefined;
    const build = (): AlternationLookahead => {
      this.built++;
      return this.#eager.buildLookaheadForAlternation(options);
    };
    // Chevrotain calls it with the parser as `this` (the functions read the input with this.LA).
    return function (this: unknown, alts) {
      real ??= build();
      return real.call(this, alts);
    };
  }

  buildLookaheadForOptional(options: OptionalOptions): OptionalLookahead {
    this.registered++;
    let real: OptionalLookahead | undefined;
    const build = (): OptionalLookahead => {
      this.built++;
      return this.#eager.buildLookaheadForOptional(options);
    };
    return function (this: unknown) {
      real ??= build();
      return real.call(this);
    };
  }
}
