export type * from "./ast.js";
export * from "./format.js";
export * from "./parameters.js";
export type { JailParseOptions } from "./parse.js";
export { parseJailConf } from "./parse.js";
export * from "./resolve.js";
