import type { CacheReader } from './cache-handles';
import { deletionSweepReads, type DeletionSweepReads } from './deletion-sweeps';
import { sessionReads, type SessionReads } from './session-reads';
import { syncStateReads, type SyncStateReads } from './sync-state-store';
import { tagReads, type TagReads } from './tag-reads';
import { tombstoneReads, type TombstoneReads } from './tombstones';
import { transcriptReads, type TranscriptReads } from './transcript-store';

/**
 * The cache's read interface: every fixed read, and the reader handle that ../../query takes for
 * reads shaped by the user's filter. Served by the writer's store (../cache-store.ts) in the
 * process that syncs, and by a read-only opening (./open-cache-reader.ts) anywhere else.
 * Nothing here can write.
 */
export interface CacheReads
  extends
    SessionReads,
    TombstoneReads,
    DeletionSweepReads,
    TagReads,
    TranscriptReads,
    SyncStateReads {
  readonly reader: CacheReader;
}

export function cacheReads(reader: CacheReader): CacheReads {
  return {
    reader,
    ...sessionReads(reader),
    ...tombstoneReads(reader),
    ...deletionSweepReads(reader),
    ...tagReads(reader),
    ...transcriptReads(reader),
    ...syncStateReads(reader),
  };
}
