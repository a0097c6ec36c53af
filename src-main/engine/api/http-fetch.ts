// The engine's one door to HTTP. It asks only for what the client reads of an answer, so that
// each host can give it its cheapest way there: Node's fetch, Electron's net.fetch (through the
// host) and the undici transport of the Node hosts all fit, as do the tests' doubles.

/** A request as the client sends it: never followed through a redirect. */
export interface HttpRequestInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** A redirect would carry the key to wherever it points, so none is followed. */
  redirect: 'manual';
}

/** The parts of an answer the engine reads. A fetch Response is one. */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: HeaderReader;
  /** The whole body; rejects when the connection dies mid-body. */
  text(): Promise<string>;
}

export interface HeaderReader {
  /** The header's value (several joined by ", "), or null when absent. Names are any case. */
  get(name: string): string | null;
}

export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpAnswer>;
