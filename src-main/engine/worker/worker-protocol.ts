import type { CallResult } from '../../../src-shared/contract/app-error';
import type { EngineConfig } from '../service/engine-config';

// Messages between the thread that hosts the engine (Electron main, the web host, tests) and the
// engine worker. The token travels only on request, so the worker never keeps it in workerData.

export type HostToWorker =
  | { type: 'call'; id: number; channel: string; input: unknown }
  | { type: 'token'; id: number; token: string | null }
  | { type: 'shutdown' };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'token-request'; id: number }
  | { type: 'closed' };

export interface EngineWorkerData {
  config: EngineConfig;
}
