import { z } from 'zod';

// Plain data only: it crosses into the engine worker through workerData.
export const EngineConfigSchema = z.strictObject({
  /** Where the user database and every account's cache live. */
  dataDir: z.string().min(1),
  /** Requests per rolling minute; the documented limit unless a test or benchmark says otherwise. */
  requestsPerMinute: z.number().int().min(1).max(100_000).default(100),
  /** Sync at start and then every N minutes; null leaves syncing to the user. */
  autoSyncMinutes: z
    .number()
    .min(0.05)
    .max(24 * 60)
    .nullable()
    .default(null),
  /**
   * The account OPENCX_BASE_URL names (demo, tests, automation): created if missing and made
   * active; its token comes from OPENCX_API_TOKEN through the host's secret port, in memory only.
   */
  environmentAccount: z
    .strictObject({
      name: z.string().min(1).max(100).default('OpenCX (environment)'),
      base_url: z.url({ protocol: /^https?$/ }),
      scope_days: z.number().int().min(1).max(36500).nullable().default(null),
    })
    .nullable()
    .default(null),
});

export type EngineConfig = z.input<typeof EngineConfigSchema>;
export type ResolvedEngineConfig = z.output<typeof EngineConfigSchema>;
