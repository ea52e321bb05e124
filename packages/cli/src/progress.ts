/**
 * A one-line progress counter on a terminal's stderr. It draws only when told to (a TTY, a human format) and
 * only for trees big enough to take a noticeable time, and it erases itself before any other output.
 */
export class Progress {
  #shown = false;
  #last = 0;
  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    // Redraw at most every 50 ms, but always the final count.
    if (done !== total && this.#shown && t - this.#last < 50) return;
    this.#last = t;
    this.#shown = true;
    this.write(`\r\x1b[2Kjaillint: ${label} ${done}/${total} files`);
  }

  clear(): void {
    if (this.#shown) this.write("\r\x1b[2K");
    this.#shown = false;
  }
}
