export * from "./common/freebsd-version.js";
export * from "./common/line-index.js";
export * from "./common/syntax-problem.js";
export * from "./common/text-range.js";
export * from "./jail/index.js";
export * from "./pf/index.js";
