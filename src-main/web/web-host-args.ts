import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../engine/contract/describe-zod-error';
import { chooseNodeSecretStore } from '../engine/secrets/choose-node-secret-store';
import { secretPort, type SecretPort } from '../engine/secrets/secret-port';
import { EngineConfigSchema, type ResolvedEngineConfig } from '../engine/service/engine-config';

export interface WebHostArgs {
  engine: ResolvedEngineConfig;
  port: number;
  secrets: SecretPort;
}

/**
 * Command-line and environment settings of the web host. With --base-url (or OPENCX_BASE_URL)
 * the page opens on that account, its token taken from OPENCX_API_TOKEN and kept in memory;
 * other accounts are added in the page and their tokens go to the OS keychain. `--test-now
 * <instant>` (tests only) starts the engine's clock at that instant.
 */
export function parseWebHostArgs(argv: string[], env: NodeJS.ProcessEnv): WebHostArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'base-url': { type: 'string' },
      'auto-sync': { type: 'boolean', default: false },
      'requests-per-minute': { type: 'string' },
      // Test-only (e2e): the engine's clock reads this instant at start and runs on from there.
      'test-now': { type: 'string' },
    },
  });
  const port = z.coerce.number().int().min(0).max(65535).safeParse(values.port);
  if (!port.success) throw new Error('--port must be a whole number from 0 to 65535.');
  const baseUrl = values['base-url'] ?? env.OPENCX_BASE_URL;
  const testNow = values['test-now'] === undefined ? undefined : Date.parse(values['test-now']);
  if (testNow !== undefined && Number.isNaN(testNow)) {
    throw new Error('--test-now must be an ISO 8601 instant, e.g. 2026-03-10T13:00:00Z.');
  }
  const engine = EngineConfigSchema.safeParse({
    dataDir: values['data-dir'] ?? env.SESSION_DESK_DATA_DIR ?? defaultDataDir(env),
    requestsPerMinute: values['requests-per-minute']
      ? Number(values['requests-per-minute'])
      : undefined,
    autoSyncMinutes: values['auto-sync'] ? 5 : null,
    // Named in the sentence a CLI sync is refused with while the web host holds a cache.
    program: 'Session Desk web host',
    environmentAccount: baseUrl ? { base_url: baseUrl } : null,
    // An offset rather than a fixed instant: timers, rate windows and "x minutes ago" keep moving.
    ...(testNow !== undefined ? { clockOffsetMs: testNow - Date.now() } : {}),
  });
  if (!engine.success) throw new Error(describeZodError('the settings', engine.error));
  return {
    engine: engine.data,
    port: port.data,
    secrets: secretPort(() => chooseNodeSecretStore(), env.OPENCX_API_TOKEN || null),
  };
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'session-desk');
}
