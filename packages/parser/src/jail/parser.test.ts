import { describe, expect, it } from "vitest";
import { JailConfParser } from "./parser.js";

describe("JailConfParser grammar", () => {
  it("passes Chevrotain's grammar validations", () => {
    expect(() => new JailConfParser({ validate: true })).not.toThrow();
  });
});
