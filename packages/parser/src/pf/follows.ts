import {
  Alternation,
  Alternative,
  type IProduction,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  type Rule,
  Terminal,
  type TokenType,
} from "chevrotain";

/**
 * The follow sets Chevrotain's error recovery re-synchronises on, keyed as it keys them (`rule` + occurrence +
 * `_~IN~_` + the rule it is called in). This is Chevrotain 11's computeAllProdsFollows (grammar/follow.js, with
 * the RestWalker and `first` it uses) written against the public GAST classes, because Chevrotain does not export
 * it: the pf parser computes the sets the first time recovery asks for them instead of at construction, where
 * they were a fifth of its cost, and most files never need them. follows.test.ts compares the result with the
 * sets Chevrotain computes.
 */
export function computeFollows(rules: readonly Rule[]): Record<string, TokenType[]> {
  const follows: Record<string, TokenType[]> = {};
  for (const top of rules) walk(top, [], top.name, follows);
  return follows;
}

const IN = "_~IN~_";

/** RestWalker.walk with ResyncFollowsWalker's walkProdRef: what may follow each rule reference in `topName`. */
function walk(prod: { definition: IProduction[] }, prevRest: IProduction[], topName: string, follows: Record<string, TokenType[]>): void {
  const definition = prod.definition;
  definition.forEach((sub, index) => {
    const currRest = definition.slice(index + 1);
    if (sub instanceof NonTerminal) {
      follows[sub.referencedRule.name + sub.idx + IN + topName] = first(new Alternative({ definition: currRest.concat(prevRest) }));
    } else if (sub instanceof Terminal) {
      // nothing follows from a terminal
    } else if (sub instanceof Alternative || sub instanceof Option) {
      walk(sub, currRest.concat(prevRest), topName, follows);
    } else if (sub instanceof RepetitionMandatory) {
      walk(sub, [new Option({ definition: sub.definition }) as IProduction].concat(currRest, prevRest), topName, follows);
    } else if (sub instanceof RepetitionMandatoryWithSeparator || sub instanceof RepetitionWithSeparator) {
      const repSepRest = new Option({ definition: [new Terminal({ terminalType: sub.separator }) as IProduction].concat(sub.definition) });
      walk(sub, [repSepRest as IProduction].concat(currRest, prevRest), topName, follows);
    } else if (sub instanceof Repetition) {
      walk(sub, [new Option({ definition: sub.definition }) as IProduction].concat(currRest, prevRest), topName, follows);
    } else if (sub instanceof Alternation) {
      const fullOrRest = currRest.concat(prevRest);
      for (const alt of sub.definition) walk(new Alternative({ definition: [alt] }), fullOrRest, topName, follows);
    } else {
      throw Error("non exhaustive match");
    }
  });
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** grammar/first.js `first`. */
function first(prod: IProduction): TokenType[] {
  if (prod instanceof NonTerminal) return first(prod.referencedRule);
  if (prod instanceof Terminal) return [prod.terminalType];
  if (prod instanceof Alternation) return uniq(prod.definition.flatMap((alt) => first(alt)));
  // A sequence (a rule, an alternative, an option or a repetition): up to and including its first mandatory part.
  const seq = (prod as unknown as { definition: IProduction[] }).definition;
  let firstSet: TokenType[] = [];
  let isLastOptional = true;
  for (let i = 0; i < seq.length && isLastOptional; i++) {
    const sub = seq[i] as IProduction;
    isLastOptional = isOptionalProd(sub);
    firstSet = firstSet.concat(first(sub));
  }
  return uniq(firstSet);
}

/** @chevrotain/gast `isOptionalProd`. */
function isOptionalProd(prod: IProduction, alreadyVisited: IProduction[] = []): boolean {
  if (prod instanceof Option || prod instanceof Repetition || prod instanceof RepetitionWithSeparator) return true;
  if (prod instanceof Alternation) return prod.definition.some((sub) => isOptionalProd(sub, alreadyVisited));
  if (prod instanceof NonTerminal && alreadyVisited.includes(prod)) return false;
  if (prod instanceof Terminal) return false;
  if (prod instanceof NonTerminal) alreadyVisited.push(prod);
  return (prod as unknown as { definition: IProduction[] }).definition.every((sub) => isOptionalProd(sub, alreadyVisited));
}
