export interface PlannedStep {
  name: string;
  /** Expected duration (s) from the settings; the ETA scales these by how the finished steps went. */
  estimateSeconds: number;
}

export interface Output {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** m:ss */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * Seconds left: the remaining steps' estimates (the current one less its time so far), scaled by
 * how long the finished steps took against their estimates (between 0.5× and 3×).
 */
export function remainingSeconds(
  steps: readonly PlannedStep[],
  finished: readonly number[],
  currentIndex: number,
  currentElapsed: number,
): number {
  const estimated = steps.slice(0, finished.length).reduce((sum, step) => sum + step.estimateSeconds, 0);
  const actual = finished.reduce((sum, seconds) => sum + seconds, 0);
  const scale = estimated > 0 ? Math.min(3, Math.max(0.5, actual / estimated)) : 1;
  const current = steps[currentIndex];
  const rest = steps.slice(currentIndex + 1).reduce((sum, step) => sum + step.estimateSeconds, 0);
  const currentLeft = current ? Math.max(0, current.estimateSeconds * scale - currentElapsed) : 0;
  return currentLeft + rest * scale;
}

/**
 * A line per step with the elapsed time and an ETA; on a TTY the current line counts up live
 * (rewritten every second), otherwise plain lines only.
 */
export class Progress {
  readonly #steps: readonly PlannedStep[];
  readonly #out: Output;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #finished: number[] = [];
  #current = -1;
  #stepStartedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    steps: readonly PlannedStep[],
    out: Output,
    now: () => number = () => performance.now() / 1000,
  ) {
    this.#steps = steps;
    this.#out = out;
    this.#now = now;
    this.#startedAt = now();
  }

  #prefix(): string {
    return `[${this.#current + 1}/${this.#steps.length}] ${this.#steps[this.#current]?.name ?? ''}`;
  }

  #status(): string {
    const elapsed = this.#now() - this.#stepStartedAt;
    const eta = remainingSeconds(this.#steps, this.#finished, this.#current, elapsed);
    return `${this.#prefix()}: ${clock(elapsed)} (total ${clock(this.#now() - this.#startedAt)}, ETA ${clock(eta)})`;
  }

  start(name: string): void {
    this.#current = this.#steps.findIndex((step, index) => step.name === name && index > this.#current);
    if (this.#current < 0) throw new Error(`step "${name}" was not planned`);
    this.#stepStartedAt = this.#now();
    if (this.#out.isTTY) {
      this.#out.write(this.#status());
      this.#timer = setInterval(() => this.#out.write(`\r\x1b[2K${this.#status()}`), 1000);
      this.#timer.unref();
    } else {
      this.#out.write(`${this.#status()} started\n`);
    }
  }

  /** Ends the current step with a short outcome ("ok", "failed: …"). */
  finish(outcome: string): void {
    clearInterval(this.#timer);
    const elapsed = this.#now() - this.#stepStartedAt;
    this.#finished.push(elapsed);
    const eta = remainingSeconds(this.#steps, this.#finished, this.#current + 1, 0);
    const line = `${this.#prefix()}: ${outcome} in ${clock(elapsed)} (total ${clock(this.#now() - this.#startedAt)}, ETA ${clock(eta)})`;
    this.#out.write(this.#out.isTTY ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }
}
