/** Median wall time of a repeated operation, after warm-up runs that are not counted. */
export interface Timing {
  medianMs: number;
  runs: number;
}

export interface MeasureOptions {
  /** Runs before measuring: JIT, statement caches and the OS page cache settle. */
  warmup: number;
  runs: number;
}

/**
 * Results are kept here so the JIT cannot drop work whose result nobody reads.
 * Exported only so the sink itself is not dead code.
 */
export const sink: unknown[] = [];

export function measure(fn: () => unknown, options: MeasureOptions): Timing {
  for (let i = 0; i < options.warmup; i++) keep(fn());
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    keep(fn());
    samples.push(performance.now() - started);
  }
  return { medianMs: median(samples), runs: options.runs };
}

export async function measureAsync(
  fn: () => Promise<unknown>,
  options: MeasureOptions,
): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) keep(await fn());
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    keep(await fn());
    samples.push(performance.now() - started);
  }
  return { medianMs: median(samples), runs: options.runs };
}

function keep(result: unknown): void {
  sink[0] = result;
}

function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('runs must be at least 1.');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
