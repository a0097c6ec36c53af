import { parseArgs } from 'node:util';
import type { FakeOpencxOptions } from './fake-opencx-options';

export class CliArgsError extends Error {
  override readonly name = 'CliArgsError';
}

/** Options for startFakeOpencx from `--port P --seed S --sessions N --token T [--no-rate-limit] [--live RATE]`. */
export function parseCliArgs(argv: readonly string[]): FakeOpencxOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        sessions: { type: 'string' },
        token: { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        live: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliArgsError(error instanceof Error ? error.message : String(error));
  }
  const options: FakeOpencxOptions = {};
  if (values.port !== undefined) options.port = wholeNumber(values.port, '--port', 0, 65535);
  if (values.host !== undefined) options.host = values.host;
  if (values.seed !== undefined)
    options.seed = wholeNumber(values.seed, '--seed', -(2 ** 31), 2 ** 31 - 1);
  if (values.sessions !== undefined)
    options.sessions = wholeNumber(values.sessions, '--sessions', 0, 1_000_000);
  if (values.token !== undefined) {
    if (!/^\S+$/.test(values.token))
      throw new CliArgsError('--token must be a non-empty string without spaces.');
    options.token = values.token;
  }
  if (values['no-rate-limit']) options.rateLimit = false;
  if (values.live !== undefined) {
    const rate = Number(values.live);
    if (values.live.trim() === '' || !Number.isFinite(rate) || rate <= 0) {
      throw new CliArgsError('--live must be a number of mutations per second above 0.');
    }
    options.live = { ratePerSecond: rate };
  }
  return options;
}

function wholeNumber(raw: string, flag: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new CliArgsError(`${flag} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}
