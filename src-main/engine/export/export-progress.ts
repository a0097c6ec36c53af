// Progress of an export, throttled: a 100,000-row export reports a few dozen times, not 100,000.

export interface ExportProgress {
  /** 'transcripts': downloading transcripts not cached yet; 'rows': writing the file. */
  phase: 'transcripts' | 'rows';
  done: number;
  total: number;
}

export type ProgressListener = (progress: ExportProgress) => void;

/** Listeners get at most one report per `intervalMs` per phase, and always the last one. */
export function throttleProgress(
  listener: ProgressListener | undefined,
  intervalMs: number,
  now: () => number = () => performance.now(),
): (progress: ExportProgress, final?: boolean) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastPhase: ExportProgress['phase'] | null = null;
  return (progress, final = false) => {
    if (!listener) return;
    const at = now();
    if (!final && progress.phase === lastPhase && at - lastAt < intervalMs) return;
    lastAt = at;
    lastPhase = progress.phase;
    listener({ ...progress });
  };
}
