import { describe, expect, it } from "vitest";
import { PfParser } from "./parser.js";

describe("PfParser grammar", () => {
  it("passes Chevrotain's grammar validations", () => {
    expect(() => new PfParser({ validate: true })).not.toThrow();
  });
});
