import { describe, expect, it } from 'vitest';
import { CliArgsError, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('reads every documented flag', () => {
    expect(
      parseCliArgs([
        '--port',
        '4010',
        '--seed',
        '3',
        '--sessions',
        '5000',
        '--token',
        'ocx_demo',
        '--no-rate-limit',
        '--live',
        '2.5',
      ]),
    ).toEqual({
      port: 4010,
      seed: 3,
      sessions: 5000,
      token: 'ocx_demo',
      rateLimit: false,
      live: { ratePerSecond: 2.5 },
    });
  });

  it('leaves out what is not given, so the server defaults apply', () => {
    expect(parseCliArgs([])).toEqual({});
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number from 0 to 65535.'],
    [['--port', 'abc'], '--port'],
    [['--sessions', '-1'], '--sessions'],
    [['--seed', '1.5'], '--seed'],
    [['--live', '0'], '--live must be a number of mutations per second above 0.'],
    [['--token', ''], '--token'],
    [['--colour', 'red'], "Unknown option '--colour'"],
    [['extra'], 'extra'],
  ])('rejects %j with one clear line', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliArgsError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
