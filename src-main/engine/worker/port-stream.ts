import { Writable } from 'node:stream';
import { AppError } from '../../../src-shared/contract/app-error';

// An export streamed out of the engine worker (the web host's download): the worker writes into a
// PortWritable, which posts each chunk to the host thread; the host writes it to the destination
// (the HTTP response) and acknowledges it once that destination has taken it. At most
// STREAM_WINDOW_BYTES are unacknowledged at any time, so a slow reader (a slow network, a paused
// download) slows the export down instead of filling either thread's memory.

/** Bytes posted and not yet acknowledged before the writer waits. */
export const STREAM_WINDOW_BYTES = 512 * 1024;
/** Chunks the Writable gathers before posting (the export's writers write small pieces). */
const CHUNK_BYTES = 64 * 1024;

export class PortWritable extends Writable {
  private unacknowledged = 0;
  private waiting: (() => void) | null = null;

  /** `post` hands one chunk to the host; its buffer is transferred, not copied. */
  constructor(
    private readonly post: (chunk: Uint8Array) => void,
    private readonly window = STREAM_WINDOW_BYTES,
  ) {
    super({ highWaterMark: CHUNK_BYTES, decodeStrings: true });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.send([chunk], done);
  }

  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    done: (error?: Error) => void,
  ): void {
    this.send(
      chunks.map((entry) => entry.chunk),
      done,
    );
  }

  /** The host has written `bytes` more to the destination. */
  acknowledged(bytes: number): void {
    this.unacknowledged -= bytes;
    if (this.waiting && this.unacknowledged < this.window) {
      const resume = this.waiting;
      this.waiting = null;
      resume();
    }
  }

  /** The destination went away (the download was cancelled, the connection dropped). */
  closedByHost(message: string): void {
    this.waiting = null;
    this.destroy(new AppError('cancelled', message));
  }

  private send(chunks: Buffer[], done: (error?: Error) => void): void {
    // A fresh buffer of exactly these bytes, so it can be transferred to the host thread.
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const copy = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      copy.set(chunk, offset);
      offset += chunk.length;
    }
    try {
      this.post(copy);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.unacknowledged += size;
    if (this.unacknowledged < this.window) done();
    else this.waiting = () => done();
  }
}
