import { formatAzure } from "./azure.js";
import { formatCheckstyle } from "./checkstyle.js";
import type { FormatInput } from "./format-input.js";
import { formatGcc } from "./gcc.js";
import { formatGithub } from "./github.js";
import { formatGitlab } from "./gitlab.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";

export type { FormatInput } from "./format-input.js";

/** One adapter per output format over the same diagnostics. */
export const FORMATTERS: Readonly<Record<string, (input: FormatInput) => string>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gcc: formatGcc,
  checkstyle: formatCheckstyle,
  gitlab: formatGitlab,
  junit: formatJunit,
  azure: formatAzure,
};

/** Formats whose output is machine-read: no progress or decoration may go to the same stream. */
export const MACHINE_FORMATS: ReadonlySet<string> = new Set(Object.keys(FORMATTERS).filter((f) => f !== "stylish"));
