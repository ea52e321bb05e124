export type { CliIo } from "./io.js";
export { EXIT, run, VERSION } from "./main.js";
