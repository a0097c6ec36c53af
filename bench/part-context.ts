import type { BenchmarkName, BenchOptions } from './bench-options';
import type { RatioTable } from './ratio-table';
import type { LargeCacheFacts } from './large-cache';

/** What every part gets: the options, and the generated cache for the parts that read one. */
export interface PartContext {
  options: BenchOptions;
  /** The generated cache, for the parts that read one. */
  cache: { path: string; facts: LargeCacheFacts } | null;
  /** The generated data's "now": relative filters resolve against it. */
  now: number;
}

/** The generated cache; throws for a part started without one. */
export function needCache(context: PartContext): { path: string; facts: LargeCacheFacts } {
  if (!context.cache) throw new Error('This part reads the generated cache, and none was given.');
  return context.cache;
}

/** What a part returns. */
export interface PartOutcome {
  tables: RatioTable[];
  notes?: string[];
  /** The engine ran in another process: its peak RSS in MB, and what that process was. */
  enginePeakRss?: { mb: number; of: string };
}

/** What a part's process reports to run.ts (on one line after RESULT_PREFIX). */
export interface PartResult {
  part: BenchmarkName;
  tables: RatioTable[];
  /** Peak resident memory of the process that ran the engine, in MB. */
  peakRssMb: number;
  /** Where that peak was taken, when not the part's own process (the UI part's web host). */
  peakRssOf?: string;
  notes: string[];
}

export const RESULT_PREFIX = '@@bench-result ';
