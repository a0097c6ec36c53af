import { z } from 'zod';
import type { NewestFirstPosition, OldestFirstPosition } from './created-at-pager';

// The sync engine's own rows in the cache's key → JSON state table. Parsed on read: a state
// written by an older build that no longer fits is dropped (a fresh pass), never trusted.

const Position = z.object({ from: z.string().nullable(), page: z.number().int().min(1) });

export const FullPassSchema = z.object({
  started_at: z.string(),
  scope_from: z.string().nullable(),
  position: Position,
  sessions_done: z.boolean(),
  tags_done: z.array(z.string()),
});

export type FullPass = z.infer<typeof FullPassSchema> & { position: OldestFirstPosition };

/** An unfinished backfill: sessions created in `range`, walked newest first. */
export const BackfillPassSchema = z.object({
  started_at: z.string(),
  range: z.object({ from: z.string().nullable(), to: z.string() }),
  /** The oldest created_at in the range when the pass began, for the time estimate. */
  oldest: z.string().nullable(),
  position: z.object({ before: z.string().nullable(), page: z.number().int().min(1) }),
  sessions_done: z.boolean(),
  tags_done: z.array(z.string()),
});

export type BackfillPass = z.infer<typeof BackfillPassSchema> & { position: NewestFirstPosition };

export const STATE_KEYS = {
  fullPass: 'sync.full_pass',
  /** Start of the last complete pass: every change since then is still to be fetched. */
  watermark: 'sync.watermark',
  lastFullAt: 'sync.last_full_at',
  lastSyncedAt: 'sync.last_synced_at',
  /** The created_at scope start of the last complete full pass: the backfill covers before it. */
  scopeFrom: 'sync.scope_from',
  /** Where the running delta's walk stands (written with each page, cleared when it ends). */
  deltaPosition: 'sync.delta_position',
  backfill: 'sync.backfill',
  /** Everything created before this was backfilled (and swept) by the last complete backfill. */
  backfilledTo: 'sync.backfilled_to',
} as const;

export function readState<T>(raw: unknown, schema: z.ZodType<T>): T | null {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export const IsoString = z.string().refine((value) => !Number.isNaN(Date.parse(value)));
