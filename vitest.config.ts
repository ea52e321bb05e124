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
    testTimeout: 20_000,
  },
});
