import type { CallResult } from '../../../src-shared/contract/app-error';
import type { ContractEvent } from '../../../src-shared/contract/events';
import type { EngineConfig } from '../service/engine-config';

// Messages between the thread that hosts the engine (Electron main, the web host, tests) and the
// engine worker. Secrets stay with the host: the worker asks for a token each time it needs one.

export type SecretOperation =
  | { op: 'get'; accountId: string }
  | { op: 'set'; accountId: string; secret: string }
  | { op: 'delete'; accountId: string }
  | { op: 'describe' };

/** A request the worker asks the host to make (Electron's network stack: system proxy, certificates). */
export interface FetchRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body: string | null;
  redirect: RequestRedirect;
}

export interface FetchAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * Where a call's export goes, as a message can carry it: a file path, or a stream whose chunks
 * travel back to the host ('stream-chunk', acknowledged with 'stream-ack'; port-stream.ts).
 */
export type WireExportDestination =
  { kind: 'file'; path: string } | { kind: 'stream'; stream: number; name: string | null };

export type HostToWorker =
  | { type: 'call'; id: number; channel: string; input: unknown; exportTo?: WireExportDestination }
  /** The host has written `bytes` of the stream's chunks to its destination. */
  | { type: 'stream-ack'; stream: number; bytes: number }
  /** The stream's destination went away before the export ended. */
  | { type: 'stream-closed'; stream: number; message: string }
  | { type: 'fetch-result'; id: number; ok: true; answer: FetchAnswer }
  | { type: 'fetch-result'; id: number; ok: false; message: string }
  | { type: 'secret-result'; id: number; ok: true; value: unknown }
  | { type: 'secret-result'; id: number; ok: false; message: string }
  | { type: 'shutdown' };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | ({ type: 'event' } & ContractEvent)
  | { type: 'secret'; id: number; request: SecretOperation }
  | { type: 'fetch'; id: number; request: FetchRequest }
  | { type: 'fetch-abort'; id: number }
  /** Bytes of a streamed export, in order; the call's result follows the last of them. */
  | { type: 'stream-chunk'; stream: number; chunk: Uint8Array }
  | { type: 'closed' };

export interface EngineWorkerData {
  config: EngineConfig;
  /** True when the host makes the worker's HTTP requests (see FetchRequest). */
  fetchThroughHost: boolean;
}
