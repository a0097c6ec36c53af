/** Wall times of a repeated operation, after warm-up runs that are not counted. */
export interface Timing {
  medianMs: number;
  p95Ms: number;
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
  return summarise(samples);
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
  return summarise(samples);
}

/**
 * Runs `fn`, which times itself (returns its own milliseconds: e.g. the sum of several round
 * trips, leaving out untimed set-up between them).
 */
export async function measureSelfTimed(
  fn: () => Promise<number>,
  options: MeasureOptions,
): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) samples.push(await fn());
  return summarise(samples);
}

export function summarise(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new RangeError('runs must be at least 1.');
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), runs: sorted.length };
}

/** The q-quantile of ascending `sorted` (nearest rank: a value that was measured). */
function quantile(sorted: readonly number[], q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  if (q === 0.5 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  return sorted[rank] as number;
}

function keep(result: unknown): void {
  sink[0] = result;
}

/**
 * Two operations measured in alternation (a, b, a, b, …), so both meet the same load: on a
 * machine shared with other work, measuring one after the other would compare two moments.
 * `b` times itself (see measureSelfTimed).
 */
export async function measurePair(
  a: () => Promise<unknown>,
  b: () => Promise<number>,
  options: MeasureOptions,
): Promise<{ a: Timing; b: Timing }> {
  for (let i = 0; i < options.warmup; i++) {
    keep(await a());
    await b();
  }
  const aSamples: number[] = [];
  const bSamples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    keep(await a());
    aSamples.push(performance.now() - started);
    bSamples.push(await b());
  }
  return { a: summarise(aSamples), b: summarise(bSamples) };
}
