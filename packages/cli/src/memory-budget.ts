import { getHeapStatistics } from "node:v8";
import { formatSize } from "./read-file.js";

/**
 * Heap bytes a lint needs per byte of input, measured on generated jail.conf, rc.conf and pf.conf files (the
 * largest of the three, jail.conf's, with a margin; see BENCHMARKS.md). A parse that runs out of heap aborts the
 * process (SIGABRT, no message), so an input that cannot fit is refused before it is parsed.
 */
export const HEAP_BYTES_PER_INPUT_BYTE = 320;

/**
 * heap_size_limit counts V8's young generation too (3 × 16 MiB semi-spaces on 64-bit Node 20), but what a parse
 * fills and what --max-old-space-size sets is the old space: with --max-old-space-size=24 the limit reads 72 MiB
 * and the process dies at 24.
 */
function oldSpaceLimit(): number {
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(limit - 48 * 1024 * 1024, limit / 2);
}

/** Keeps the sum of what the files read so far will need below V8's heap limit. */
export class MemoryBudget {
  #reserved = 0;
  constructor(
    readonly bytesPerInputByte: number = HEAP_BYTES_PER_INPUT_BYTE,
    readonly heapLimit: number = oldSpaceLimit(),
  ) {}

  /** Reserves room for a file of `size` bytes; returns why there is none (the refusal's text), or undefined. */
  reserve(size: number): string | undefined {
    const need = size * this.bytesPerInputByte;
    const used = getHeapStatistics().used_heap_size;
    if (used + this.#reserved + need <= this.heapLimit) {
      this.#reserved += need;
      return undefined;
    }
    const mb = (n: number) => Math.ceil(n / (1024 * 1024));
    const raise = mb(used + this.#reserved + need) + 256;
    return `is ${formatSize(size)}: linting it needs about ${formatSize(need)} of memory, more than this Node.js process may use (${mb(this.heapLimit)} MiB of heap): raise the limit with NODE_OPTIONS=--max-old-space-size=${raise}, or split the file`;
  }
}
