import { z } from 'zod';

// Plain data only: it crosses into the engine worker through workerData.
export const EngineConfigSchema = z.strictObject({
  /** Where this account's cache lives; the user database sits beside it. */
  dataDir: z.string().min(1),
  /** The cache file; `<dataDir>/cache.db` unless given (the CLI names it with --db). */
  cacheFile: z.string().min(1).optional(),
  account: z.strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'use lowercase letters, digits and dashes'),
    name: z.string().min(1).max(100),
    baseUrl: z.url({ protocol: /^https?$/ }),
  }),
  /** Requests per rolling minute; the documented limit unless a test or benchmark says otherwise. */
  requestsPerMinute: z.number().int().min(1).max(100_000).default(100),
  /** Sync at start and then every N minutes; null leaves syncing to the user. */
  autoSyncMinutes: z
    .number()
    .min(0.05)
    .max(24 * 60)
    .nullable()
    .default(null),
  /** Only sessions created in the last N days are synced; null syncs everything. */
  scopeDays: z.number().int().min(1).max(36500).nullable().default(null),
});

export type EngineConfig = z.input<typeof EngineConfigSchema>;
export type ResolvedEngineConfig = z.output<typeof EngineConfigSchema>;
