import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the TypeScript sources, never a stale dist/. The CLI end-to-end tests run the
    // built bin (the test script runs tsc -b first).
    alias: { "@jaillint/parser": src("parser"), "@jaillint/rules": src("rules") },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Many tests spawn jaillint, the language server or an editor as whole processes: on a shared, loaded CI
    // machine a few of them took over 20 s. A hang still fails, a minute later.
    testTimeout: 60_000,
  },
});
