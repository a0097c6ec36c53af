import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../service/create-engine';
import type { EngineWorkerData, HostToWorker, WorkerToHost } from './worker-protocol';

// The engine's own thread: it owns the SQLite connections (the single writer), so neither the
// Electron main thread nor the renderer ever waits on a query.
const port = parentPort;
if (!port) throw new Error('engine-worker must run inside a worker thread');

const { config } = workerData as EngineWorkerData;
const send = (message: WorkerToHost) => port.postMessage(message);

let nextTokenRequest = 1;
const pendingTokens = new Map<number, (token: string | null) => void>();

const engine = createEngine(config, {
  tokenProvider: {
    getToken: () =>
      new Promise<string | null>((resolve) => {
        const id = nextTokenRequest++;
        pendingTokens.set(id, resolve);
        send({ type: 'token-request', id });
      }),
  },
  emit: (name, payload) => send({ type: 'event', name, payload }),
});

port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'call':
      void engine.dispatch(message.channel, message.input).then((result) => {
        send({ type: 'result', id: message.id, result });
      });
      break;
    case 'token':
      pendingTokens.get(message.id)?.(message.token);
      pendingTokens.delete(message.id);
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
