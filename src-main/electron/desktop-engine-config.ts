import { describeZodError } from '../engine/contract/describe-zod-error';
import { EngineConfigSchema, type ResolvedEngineConfig } from '../engine/service/engine-config';

/** How often the desktop app fetches changes while it runs (issue 5: "every few minutes"). */
export const DESKTOP_SYNC_MINUTES = 5;

/**
 * The engine's settings on the desktop: everything under userData; accounts are the user's, kept
 * by the engine. OPENCX_BASE_URL (with OPENCX_API_TOKEN, in memory only) points the app at one
 * account for demos and tests.
 */
export function desktopEngineConfig(
  userData: string,
  env: NodeJS.ProcessEnv,
): ResolvedEngineConfig {
  const parsed = EngineConfigSchema.safeParse({
    dataDir: userData,
    autoSyncMinutes: DESKTOP_SYNC_MINUTES,
    environmentAccount: env.OPENCX_BASE_URL ? { base_url: env.OPENCX_BASE_URL } : null,
  });
  if (!parsed.success) throw new Error(describeZodError('the settings', parsed.error));
  return parsed.data;
}
