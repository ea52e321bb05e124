import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Tests import the TypeScript sources; the CLI end-to-end tests run the built bin (tsc -b runs first).
    testTimeout: 20_000,
  },
});
