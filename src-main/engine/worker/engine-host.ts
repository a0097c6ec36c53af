import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { CallResult } from '../../../src-shared/contract/app-error';
import { deliverEvent, type EventSink } from '../../../src-shared/contract/events';
import { inputLimitRefusal } from '../../../src-shared/contract/input-limits';
import type { CallContext } from '../contract/dispatcher';
import type { EngineConfig } from '../service/engine-config';
import type { SecretPort } from '../secrets/secret-port';
import { answerFetch } from './host-fetch';
import type {
  EngineWorkerData,
  FetchRequest,
  HostToWorker,
  SecretOperation,
  WireExportDestination,
  WorkerToHost,
} from './worker-protocol';

export interface EngineHostOptions {
  config: EngineConfig;
  /** The host's secrets: the worker asks for a token each time it needs one. */
  secrets: SecretPort;
  /**
   * When given, the engine's HTTP requests are made here rather than by Node's fetch in the
   * worker: the desktop app passes Electron's net.fetch (system proxy, OS certificates).
   */
  fetch?: typeof fetch;
  onEvent: EventSink;
  /**
   * Told when the worker died, and whether it is being restarted, so the UI can say so in a
   * sentence. A worker that keeps dying (say, better-sqlite3 built for another runtime) is
   * restarted with growing pauses and, after MAX_QUICK_CRASHES within a minute, left stopped.
   */
  onCrash?: (error: Error, restarting: boolean) => void;
  /**
   * The worker entry: the built `engine-worker.js` beside the entry bundle, or
   * `engine-worker-from-source.mjs` in tests. Given by the entry point, because only it knows where the build put the file.
   */
  workerPath: string;
}

/**
 * The host side of the engine worker: the same dispatch function the in-process engine offers,
 * answered by the worker thread. If the worker dies, calls in flight fail with a sentence and
 * a fresh worker is started.
 */
const MAX_QUICK_CRASHES = 5;
const QUICK_CRASH_WINDOW_MS = 60_000;
const FIRST_RESTART_DELAY_MS = 250;

export class EngineHost {
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult<unknown>) => void>();
  private closing = false;
  private stopped: Error | null = null;
  private crashTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly exited = new WeakSet<Worker>();
  private nextStream = 1;
  /** Streamed exports (the web host's downloads): chunks from the worker go to `out`. */
  private readonly streams = new Map<number, { out: Writable; worker: Worker }>();

  constructor(private readonly options: EngineHostOptions) {
    this.start();
  }

  /**
   * A call answered by the worker. An export's destination travels beside the input: a file
   * path as it is, a Writable as a stream of chunks the worker posts back (port-stream.ts), each
   * written to `out` and acknowledged once `out` has taken it, so memory stays flat however
   * slowly `out` drains. `out` is neither ended nor destroyed here: the caller owns it.
   */
  dispatch = async (
    channel: unknown,
    input: unknown,
    context: CallContext = {},
  ): Promise<CallResult<unknown>> => {
    if (this.closing) return engineDown(new Error('Session Desk is shutting down'));
    // A worker that fails to start is replaced; wait for its replacement rather than give up.
    for (;;) {
      if (this.stopped) return engineDown(this.stopped);
      const ready = this.ready;
      try {
        await ready;
        break;
      } catch (error) {
        if (ready === this.ready || this.closing) {
          return engineDown(error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
    // A worker that has exited drops messages without a word: its answer would never come.
    if (this.closing) return engineDown(new Error('Session Desk is shutting down'));
    if (this.exited.has(this.worker)) return engineDown(new Error('the engine has stopped'));
    // Before postMessage: its structured clone overflows the stack on input nested ~4,000 deep.
    const tooLarge = inputLimitRefusal(String(channel), input);
    if (tooLarge) return { ok: false, error: tooLarge };
    const id = this.nextId++;
    const { exportTo, release } = this.wireDestination(context);
    return new Promise<CallResult<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.post({
          type: 'call',
          id,
          channel: String(channel),
          input,
          ...(exportTo ? { exportTo } : {}),
        });
      } catch (error) {
        // Nothing reached the worker, so nothing will answer: forget the call and say why.
        this.pending.delete(id);
        resolve({
          ok: false,
          error: {
            code: 'invalid_input',
            message: `The input for ${String(channel)} could not be handed to the engine: ${error instanceof Error ? error.message : String(error)}`,
          },
        });
      }
    }).finally(release);
  };

  /** The call's destination as a message carries it, and what to undo once it is answered. */
  private wireDestination(context: CallContext): {
    exportTo: WireExportDestination | undefined;
    release: () => void;
  } {
    const destination = context.exportTo;
    if (!destination) return { exportTo: undefined, release: () => undefined };
    if (destination.kind === 'file') {
      return { exportTo: { kind: 'file', path: destination.path }, release: () => undefined };
    }
    const stream = this.nextStream++;
    const { out } = destination;
    const worker = this.worker;
    const gone = () => {
      if (!this.streams.has(stream)) return;
      this.streams.delete(stream);
      this.reply(worker, {
        type: 'stream-closed',
        stream,
        message: 'The download was closed before the export finished.',
      });
    };
    out.on('close', gone);
    out.on('error', gone);
    this.streams.set(stream, { out, worker });
    return {
      exportTo: { kind: 'stream', stream, name: destination.name ?? null },
      release: () => {
        this.streams.delete(stream);
        out.off('close', gone);
        out.off('error', gone);
      },
    };
  }

  /** Bytes of a streamed export: written to its destination, acknowledged once taken. */
  private receiveChunk(worker: Worker, stream: number, chunk: Uint8Array): void {
    const entry = this.streams.get(stream);
    if (!entry || entry.worker !== worker) return;
    const bytes = chunk.byteLength;
    entry.out.write(Buffer.from(chunk.buffer, chunk.byteOffset, bytes), (error) => {
      if (!error) this.reply(worker, { type: 'stream-ack', stream, bytes });
    });
  }

  /** Calls sent to the worker and not answered yet (every failure path removes its own). */
  get pendingCalls(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stopped || this.exited.has(this.worker)) return;
    const worker = this.worker;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Let the engine finish its transaction and close SQLite cleanly before the thread ends.
    this.post({ type: 'shutdown' });
    const timeout = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timeout);
    this.failPending('Session Desk shut down before the engine answered.');
  }

  private failPending(message: string): void {
    for (const resolve of this.pending.values()) {
      resolve({ ok: false, error: { code: 'internal', message } });
    }
    this.pending.clear();
  }

  private start(): void {
    const path = this.options.workerPath;
    const data: EngineWorkerData = {
      config: this.options.config,
      fetchThroughHost: this.options.fetch !== undefined,
    };
    const worker = new Worker(path, { workerData: data });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      // The engine may ask for a secret while it starts: wait for 'ready' among other messages.
      const onReady = (message: WorkerToHost) => {
        if (message.type !== 'ready') return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the engine exited while starting (${code})`)),
      );
    });
    this.ready.catch(() => undefined);
    worker.on('message', (message: WorkerToHost) => this.receive(worker, message));
    // An uncaught error is followed by an exit: the first of the two reports the death.
    let reported = false;
    const died = (error: Error) => {
      if (reported || this.closing) return;
      reported = true;
      this.crashed(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => {
      this.exited.add(worker);
      died(new Error(`The engine stopped unexpectedly (exit ${code}).`));
    });
  }

  private crashed(error: Error): void {
    if (this.closing) return;
    this.failPending('The engine stopped while answering; it is restarting.');
    // Requests the dead worker made are answered nowhere: stop them.
    for (const controller of this.fetches.values()) controller.abort();
    this.fetches.clear();
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < QUICK_CRASH_WINDOW_MS), now];
    const restarting = this.crashTimes.length < MAX_QUICK_CRASHES;
    this.options.onCrash?.(error, restarting);
    const delay = FIRST_RESTART_DELAY_MS * 2 ** (this.crashTimes.length - 1);
    const dead = this.worker;
    // Calls made while the restart is pending wait for the new worker instead of the dead one.
    this.ready = new Promise<void>((resolve, reject) => {
      void dead.terminate().finally(() => {
        if (this.closing) return resolve();
        if (!restarting) {
          this.stopped = error;
          return reject(error);
        }
        this.restartTimer = setTimeout(() => {
          this.start();
          this.ready.then(resolve, reject);
        }, delay);
      });
    });
    this.ready.catch(() => undefined);
  }

  private receive(worker: Worker, message: WorkerToHost): void {
    switch (message.type) {
      case 'result':
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
        break;
      case 'event':
        deliverEvent(this.options.onEvent, message);
        break;
      case 'secret':
        void this.answerSecret(worker, message.id, message.request);
        break;
      case 'fetch':
        void this.answerFetch(worker, message.id, message.request);
        break;
      case 'fetch-abort':
        this.fetches.get(message.id)?.abort();
        break;
      case 'stream-chunk':
        this.receiveChunk(worker, message.stream, message.chunk);
        break;
      case 'ready':
      case 'closed':
        break;
    }
  }

  private readonly fetches = new Map<number, AbortController>();

  private async answerFetch(worker: Worker, id: number, request: FetchRequest): Promise<void> {
    const controller = new AbortController();
    this.fetches.set(id, controller);
    try {
      const answer = await answerFetch(this.options.fetch ?? fetch, request, controller.signal);
      this.reply(worker, { type: 'fetch-result', id, ok: true, answer });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.reply(worker, { type: 'fetch-result', id, ok: false, message });
    } finally {
      this.fetches.delete(id);
    }
  }

  private async answerSecret(worker: Worker, id: number, request: SecretOperation): Promise<void> {
    const { secrets } = this.options;
    try {
      const value =
        request.op === 'get'
          ? await secrets.get(request.accountId)
          : request.op === 'set'
            ? await secrets.set(request.accountId, request.secret)
            : request.op === 'delete'
              ? await secrets.delete(request.accountId)
              : await secrets.describe();
      this.reply(worker, { type: 'secret-result', id, ok: true, value });
    } catch (error) {
      // The message names what failed; the secret itself is never part of it.
      const message = error instanceof Error ? error.message : String(error);
      this.reply(worker, { type: 'secret-result', id, ok: false, message });
    }
  }

  /**
   * Answers the worker that asked, and only while it is the live one: a replacement counts its
   * request ids from 1 again, so a late answer must never reach it (it could carry a token).
   */
  private reply(worker: Worker, message: HostToWorker): void {
    if (worker === this.worker && !this.exited.has(worker)) worker.postMessage(message);
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }
}

function engineDown(error: Error): CallResult<never> {
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `The engine is not running (${error.message}). Restart Session Desk; if this persists, reinstall it.`,
    },
  };
}
