import { parentPort, workerData } from 'node:worker_threads';
import { AppError, type CallResult } from '../../../src-shared/contract/app-error';
import { contractEvent } from '../../../src-shared/contract/events';
import type { SecretStorage } from '../../../src-shared/contract/results';
import type { CallContext } from '../contract/dispatcher';
import type { SecretPort } from '../secrets/secret-port';
import { createEngine } from '../service/create-engine';
import { fetchThroughHost } from './host-fetch';
import { PortWritable } from './port-stream';
import type {
  EngineWorkerData,
  HostToWorker,
  SecretOperation,
  WireExportDestination,
  WorkerToHost,
} from './worker-protocol';

// The engine's own thread: it owns the SQLite connections (the single writer), so neither the
// Electron main thread nor the renderer ever waits on a query.
const port = parentPort;
if (!port) throw new Error('engine-worker must run inside a worker thread');

const { config, fetchThroughHost: viaHost } = workerData as EngineWorkerData;
const send = (message: WorkerToHost, transfer?: ArrayBuffer[]) =>
  port.postMessage(message, transfer);

/** Streamed exports in progress, by the host's stream number. */
const streams = new Map<number, PortWritable>();

/**
 * The call's context as the engine takes it: a file path passes through; a stream becomes a
 * PortWritable whose chunks go to the host. `settle` ends the stream (all chunks posted) before
 * the result is sent, or destroys it after a failure.
 */
function callContext(exportTo: WireExportDestination | undefined): {
  context: CallContext;
  settle: (result: CallResult<unknown>) => Promise<CallResult<unknown>>;
} {
  if (!exportTo) return { context: {}, settle: (result) => Promise.resolve(result) };
  if (exportTo.kind === 'file') {
    return { context: { exportTo }, settle: (result) => Promise.resolve(result) };
  }
  const { stream: number, name } = exportTo;
  const out = new PortWritable((chunk) =>
    send({ type: 'stream-chunk', stream: number, chunk }, [chunk.buffer as ArrayBuffer]),
  );
  streams.set(number, out);
  return {
    context: { exportTo: { kind: 'writable', out, name } },
    settle: async (result) => {
      try {
        if (!result.ok) {
          out.destroy();
          return result;
        }
        await new Promise<void>((resolve, reject) =>
          out.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
        return result;
      } catch (error) {
        const failure = new AppError(
          'cancelled',
          `The export's output was closed before it was complete (${error instanceof Error ? error.message : String(error)}).`,
        );
        return { ok: false, error: failure.toJSON() };
      } finally {
        streams.delete(number);
      }
    },
  };
}

let nextSecretRequest = 1;
const pendingSecrets = new Map<
  number,
  (result: HostToWorker & { type: 'secret-result' }) => void
>();

function askHost<T>(request: SecretOperation): Promise<T> {
  return new Promise((resolve, reject) => {
    const id = nextSecretRequest++;
    pendingSecrets.set(id, (result) => {
      if (result.ok) resolve(result.value as T);
      else reject(new AppError('internal', `The secret store failed: ${result.message}`));
    });
    send({ type: 'secret', id, request });
  });
}

const secrets: SecretPort = {
  get: (accountId) => askHost<string | null>({ op: 'get', accountId }),
  set: (accountId, secret) => askHost<void>({ op: 'set', accountId, secret }),
  delete: (accountId) => askHost<boolean>({ op: 'delete', accountId }),
  describe: () => askHost<SecretStorage>({ op: 'describe' }),
};

let nextFetch = 1;
const pendingFetches = new Map<number, (result: HostToWorker & { type: 'fetch-result' }) => void>();

const hostFetch = fetchThroughHost(
  (request, onAbort) =>
    new Promise((resolve, reject) => {
      const id = nextFetch++;
      pendingFetches.set(id, (result) => {
        if (result.ok) resolve(result.answer);
        else reject(new TypeError(result.message));
      });
      onAbort(() => send({ type: 'fetch-abort', id }));
      send({ type: 'fetch', id, request });
    }),
);

const engine = createEngine(config, {
  secrets,
  emit: (name, payload) => send({ type: 'event', ...contractEvent(name, payload) }),
  ...(viaHost ? { fetch: hostFetch } : {}),
});

port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'call': {
      const { context, settle } = callContext(message.exportTo);
      void engine
        .dispatch(message.channel, message.input, context)
        .then(settle)
        .then((result) => {
          try {
            send({ type: 'result', id: message.id, result });
          } catch (error) {
            // A result the structured clone cannot copy must still answer the call, or the host
            // would wait for it forever.
            const reason = error instanceof Error ? error.message : String(error);
            send({
              type: 'result',
              id: message.id,
              result: {
                ok: false,
                error: {
                  code: 'internal',
                  message: `The engine's answer to ${message.channel} could not be sent back: ${reason}`,
                },
              },
            });
          }
        });
      break;
    }
    case 'stream-ack':
      streams.get(message.stream)?.acknowledged(message.bytes);
      break;
    case 'stream-closed':
      streams.get(message.stream)?.closedByHost(message.message);
      break;
    case 'fetch-result':
      pendingFetches.get(message.id)?.(message);
      pendingFetches.delete(message.id);
      break;
    case 'secret-result':
      pendingSecrets.get(message.id)?.(message);
      pendingSecrets.delete(message.id);
      break;
    case 'shutdown':
      void engine.close().finally(() => {
        send({ type: 'closed' });
        port.close();
      });
      break;
  }
});

send({ type: 'ready' });
