/** Samples needed before a percentile is trusted. */
const MIN_SAMPLES = 20;

/** The last `size` latencies of one service, for the hedge delay (a percentile of recent calls). */
export class LatencyWindow {
  readonly #samples: number[] = [];
  readonly #size: number;
  #next = 0;

  constructor(size = 256) {
    this.#size = size;
  }

  record(ms: number): void {
    if (this.#samples.length < this.#size) this.#samples.push(ms);
    else this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#size;
  }

  /** The `p`th percentile (nearest rank) of the recent samples; undefined with fewer than 20. */
  percentile(p: number): number | undefined {
    if (this.#samples.length < MIN_SAMPLES) return undefined;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1];
  }
}
