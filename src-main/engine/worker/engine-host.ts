import { Worker } from 'node:worker_threads';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type { EngineConfig } from '../service/engine-config';
import type { TokenProvider } from '../service/token-provider';
import type { EngineWorkerData, HostToWorker, WorkerToHost } from './worker-protocol';

export interface EngineHostOptions {
  config: EngineConfig;
  tokenProvider: TokenProvider;
  onEvent: (name: string, payload: unknown) => void;
  /** Told when the worker died and is being restarted, so the UI can say so in a sentence. */
  onCrash?: (error: Error) => void;
  /**
   * The worker entry: the built `engine-worker.js` beside the entry bundle, or the `.ts` source
   * in tests. Given by the entry point, because only it knows where the build put the file.
   */
  workerPath: string;
}

/**
 * The host side of the engine worker: the same dispatch function the in-process engine offers,
 * answered by the worker thread. If the worker dies, calls in flight fail with a sentence and
 * a fresh worker is started.
 */
export class EngineHost {
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult<unknown>) => void>();
  private closing = false;

  constructor(private readonly options: EngineHostOptions) {
    this.start();
  }

  dispatch = async (channel: unknown, input: unknown): Promise<CallResult<unknown>> => {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'call', id, channel: String(channel), input });
    });
  };

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.post({ type: 'shutdown' });
    const timeout = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timeout);
  }

  private start(): void {
    const path = this.options.workerPath;
    const data: EngineWorkerData = { config: this.options.config };
    // Running from TypeScript sources (tests, tsx) the worker needs the same loader.
    const execArgv = path.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const worker = new Worker(path, { workerData: data, execArgv });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', (message: WorkerToHost) =>
        message.type === 'ready' ? resolve() : reject(new Error('engine worker did not start')),
      );
      worker.once('error', reject);
    });
    this.ready.catch(() => undefined);
    worker.on('message', (message: WorkerToHost) => this.receive(message));
    worker.on('error', (error) => this.crashed(error));
    worker.on('exit', (code) => {
      if (!this.closing) this.crashed(new Error(`The engine stopped unexpectedly (exit ${code}).`));
    });
  }

  private crashed(error: Error): void {
    if (this.closing) return;
    for (const resolve of this.pending.values()) {
      resolve({
        ok: false,
        error: {
          code: 'internal',
          message: 'The engine stopped while answering; it is restarting.',
        },
      });
    }
    this.pending.clear();
    this.options.onCrash?.(error);
    void this.worker.terminate().finally(() => {
      if (!this.closing) this.start();
    });
  }

  private receive(message: WorkerToHost): void {
    switch (message.type) {
      case 'result':
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
        break;
      case 'event':
        this.options.onEvent(message.name, message.payload);
        break;
      case 'token-request':
        void this.options.tokenProvider
          .getToken()
          .catch(() => null)
          .then((token) => this.post({ type: 'token', id: message.id, token }));
        break;
      case 'ready':
      case 'closed':
        break;
    }
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }
}
