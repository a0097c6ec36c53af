import type { FakeOpencx } from '../server';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

/** Plain fetch calls against a fake, with its token unless one is given (null: no header). */
export class FakeApi {
  constructor(private readonly fake: FakeOpencx) {}

  async get(path: string, token: string | null = this.fake.token): Promise<ApiAnswer> {
    return this.send('GET', path, undefined, token);
  }

  async post(
    path: string,
    body: unknown,
    token: string | null = this.fake.token,
  ): Promise<ApiAnswer> {
    return this.send('POST', path, typeof body === 'string' ? body : JSON.stringify(body), token);
  }

  async filter(body: unknown): Promise<ApiAnswer> {
    return this.post('/chat/sessions/filter', body);
  }

  async send(
    method: string,
    path: string,
    body: string | undefined,
    token: string | null,
    signal?: AbortSignal,
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${this.fake.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as unknown,
    };
  }
}
