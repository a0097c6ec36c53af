import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../engine/contract/describe-zod-error';
import { EngineConfigSchema, type ResolvedEngineConfig } from '../engine/service/engine-config';
import { staticTokenProvider, type TokenProvider } from '../engine/service/token-provider';

export interface HostArgs {
  engine: ResolvedEngineConfig;
  port: number;
  tokenProvider: TokenProvider;
}

const DEFAULT_BASE_URL = 'https://api.open.cx';

/** Command-line and environment settings of the plain-Node hosts (web host, demo). */
export function parseHostArgs(argv: string[], env: NodeJS.ProcessEnv): HostArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'base-url': { type: 'string' },
      account: { type: 'string', default: 'default' },
      'requests-per-minute': { type: 'string' },
    },
  });
  const port = z.coerce.number().int().min(0).max(65535).safeParse(values.port);
  if (!port.success) throw new Error(`--port must be a whole number from 0 to 65535.`);
  const engine = EngineConfigSchema.safeParse({
    dataDir: values['data-dir'] ?? env.SESSION_DESK_DATA_DIR ?? defaultDataDir(env),
    account: {
      id: values.account,
      name: values.account,
      baseUrl: values['base-url'] ?? env.OPENCX_BASE_URL ?? DEFAULT_BASE_URL,
    },
    requestsPerMinute: values['requests-per-minute']
      ? Number(values['requests-per-minute'])
      : undefined,
  });
  if (!engine.success) throw new Error(describeZodError('the settings', engine.error));
  return {
    engine: engine.data,
    port: port.data,
    tokenProvider: staticTokenProvider(env.OPENCX_API_TOKEN ?? null),
  };
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'session-desk');
}
