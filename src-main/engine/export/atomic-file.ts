import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ByteSink } from './byte-sink';

// An export is written to a temporary file next to the chosen one and renamed over it only when
// complete, so the chosen name never holds a partial export: a cancelled or failed export
// removes the temporary file and leaves the chosen name as it was.

/** The file-system calls used, injectable so tests can fail them (disk full, …). */
export interface AtomicFileSystem {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

export interface AtomicFile extends ByteSink {
  readonly path: string;
  readonly tempPath: string;
  /** Empties the temporary file (after the block being written, if any); the next write starts it again. */
  rewind(): Promise<void>;
  /** Flushes, fsyncs, closes and renames the temporary file to `path`. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file; never throws. */
  discard(): Promise<void>;
}

/** Writes are gathered to this size: one system call per block, not per row. */
const BLOCK_BYTES = 1 << 20;

/** `.name.partial-<random>` in the target's folder (same disk, so the rename is atomic). */
export function temporaryPathFor(target: string): string {
  const path = resolve(target);
  return join(dirname(path), `.${basename(path)}.partial-${randomBytes(6).toString('hex')}`);
}

/** Creates the temporary file; throws the file system's error if the folder cannot take it. */
export async function createAtomicFile(
  target: string,
  fs: AtomicFileSystem = fsp,
): Promise<AtomicFile> {
  const path = resolve(target);
  const tempPath = temporaryPathFor(path);
  const handle = await fs.open(tempPath, 'wx', 0o644);
  let closed = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  // Blocks go to explicit offsets, so that a rewind (truncate) starts the file again at 0.
  let position = 0;
  // One block is written while the next is gathered: awaiting every write before encoding more
  // left the export idle for the whole of each write. At most two blocks are held.
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const writeBlock = async (block: Buffer) => {
    let offset = 0;
    while (offset < block.length) {
      const { bytesWritten } = await handle.write(block, offset, block.length - offset, position);
      offset += bytesWritten;
      position += bytesWritten;
    }
  };
  /** Waits for the block being written; rethrows its failure. */
  const settle = async () => {
    if (writing) await writing;
    if (failure) throw failure;
  };
  const flush = async () => {
    await settle();
    if (pendingBytes === 0) return;
    const block = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    writing = writeBlock(block).then(
      () => {
        writing = null;
      },
      (error: unknown) => {
        writing = null;
        failure ??= error;
      },
    );
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };

  const file: AtomicFile = {
    path,
    tempPath,
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buffer.length;
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= BLOCK_BYTES) await flush();
    },
    async rewind() {
      pending = [];
      pendingBytes = 0;
      await settle();
      await handle.truncate(0);
      position = 0;
      bytes = 0;
    },
    async commit() {
      await flush();
      await settle();
      await handle.sync();
      await close();
      await fs.rename(tempPath, path);
      await syncFolder(dirname(path), fs);
    },
    async discard() {
      pending = [];
      pendingBytes = 0;
      // Closing under a write in flight would fail it with EBADF (or write to a reused fd).
      await writing;
      await close().catch(() => undefined);
      await fs.unlink(tempPath).catch(() => undefined);
    },
  };
  return file;
}

/** Makes the rename durable where the platform allows (Linux, macOS); best effort. */
async function syncFolder(folder: string, fs: AtomicFileSystem): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const dir = await fs.open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already synced.
  }
}
