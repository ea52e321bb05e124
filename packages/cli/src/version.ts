export const VERSION = "0.1.0";

/** Where the project lives: the one place SARIF's informationUri and every rule's helpUri come from. */
export const REPOSITORY_URL = "https://github.com/jaillint/jaillint";

/** The generated page of one rule (docs/rules/JLxxx.md). */
export function ruleHelpUri(code: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${code}.md`;
}
