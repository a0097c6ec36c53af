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
   * Who holds an account's cache while this engine runs, in the sentence another program that
   * wants to write it (a CLI sync) is refused with. Default "Session Desk app".
   */
  program: z.string().min(1).max(100).optional(),
  /**
   * While another program writes the active account's cache (a CLI sync holds its writer lock),
   * the engine says so and tries to open it again this often. Default 5 s.
   */
  cacheBusyRetryMs: z.number().int().min(50).max(600_000).optional(),
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
  /**
   * Test-only: milliseconds added to the system clock wherever the engine asks the time (relative
   * date ranges such as "last 7 days", view counts, sync timestamps). The web host sets it from
   * `--test-now` so an e2e spec can open the same cache on another day; nothing else sets it.
   */
  clockOffsetMs: z.number().int().optional(),
});

export type EngineConfig = z.input<typeof EngineConfigSchema>;
export type ResolvedEngineConfig = z.output<typeof EngineConfigSchema>;
