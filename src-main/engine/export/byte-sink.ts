import type { Writable } from 'node:stream';
import { AppError } from '../../../src-shared/contract/app-error';

// Where an export's bytes go: a temporary file (atomic-file.ts) or any Node Writable (stdout for
// `--out -`, an HTTP response for the web host's download). Every write resolves only once the
// destination can take more, so a slow reader slows the export instead of filling memory.

export interface ByteSink {
  /** Resolves when the destination can take more; rejects if it failed or was closed. */
  write(chunk: string | Buffer): Promise<void>;
  /** Bytes accepted so far. */
  readonly bytes: number;
  /**
   * Drops every byte written so far, so the next write starts the output again. Only where
   * the destination allows it (a file); a stream cannot take back what it sent.
   */
  rewind?(): Promise<void>;
}

/**
 * A sink over `out` honouring backpressure (awaits 'drain'); aborting `signal` ends a wait.
 * It neither ends nor destroys `out`: the caller owns the stream. `release()` removes the
 * listeners it added.
 */
export function writableSink(out: Writable, signal?: AbortSignal): ByteSink & { release(): void } {
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const onError = (error: Error) => {
    failure ??= error;
    wake?.();
  };
  const onClose = () => {
    failure ??= new AppError('cancelled', 'The output was closed before the export finished.');
    wake?.();
  };
  const onDrain = () => wake?.();
  // A reader that stopped reading must not keep a cancelled export waiting for 'drain'.
  const onAbort = () => {
    failure ??= new AppError('cancelled', 'The export was cancelled.');
    wake?.();
  };
  out.on('error', onError);
  out.on('close', onClose);
  out.on('drain', onDrain);
  signal?.addEventListener('abort', onAbort);

  const sink = {
    bytes: 0,
    async write(chunk: string | Buffer): Promise<void> {
      if (failure) throw failure;
      if (out.destroyed || out.writableEnded) onClose();
      if (failure) throw failure;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      sink.bytes += buffer.length;
      if (out.write(buffer)) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Drained, failed or closed between write() and here: nothing more will fire.
        if (!out.writableNeedDrain || failure) resolve();
      });
      wake = null;
      if (failure) throw failure;
    },
    release() {
      out.off('error', onError);
      out.off('close', onClose);
      out.off('drain', onDrain);
      signal?.removeEventListener('abort', onAbort);
    },
  };
  return sink;
}
