import { Lexer } from "chevrotain";
import { lexerTokens } from "./tokens.js";

let lexer: Lexer | undefined;

/** The one lexer, built when the first ipfw text is read. */
export function theIpfwLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, { positionTracking: "onlyOffset", skipValidations: true, ensureOptimizations: false });
  return lexer;
}
