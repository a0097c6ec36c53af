import type { CacheReader, CacheWriter } from './cache-handles';
import { readerOf } from './cache-handles';
import type { CreatedRange } from './created-range';
import { rangeMs } from './created-range';
import { toEpochMs, toIso } from './epoch-ms';
import type { TombstoneWrites } from './tombstones';

// The deletion sweep: a pass over the API upserts every session it sees (refreshing seen_at);
// what it did not see since it began is gone from the API, and is marked deleted.

export interface DeletionSweepReads {
  /** Cached sessions whose last upsert was before `seenAt`: candidates for the deletion sweep. */
  listLiveIdsNotSeenSince(seenAt: string): string[];
}

export interface DeletionSweepWrites {
  /**
   * The deletion sweep: live sessions created at or after `createdFrom` (all when null) whose
   * last upsert was before `seenSince` are marked deleted at `at`. Returns how many.
   */
  markUnseenDeleted(seenSince: string, createdFrom: string | null, at: string): number;
  /**
   * The deletion sweep over sessions created within `range` (from inclusive, to exclusive; null
   * is open-ended): those whose last upsert was before `seenSince` are marked deleted at `at`.
   * Returns how many.
   */
  markUnseenDeletedCreatedIn(seenSince: string, range: CreatedRange, at: string): number;
}

// Ordered by +id, not id: a pass stamps every session it sees with the same seen_at, so the
// statistics say the seen_at index narrows nothing, and the planner read every row in id order
// instead (2.4 s at a million sessions, each full pass) to find the few unseen. The unary plus
// leaves it the seen_at index, and only those few to sort.
export const UNSEEN_SQL = {
  all: 'SELECT id FROM sessions WHERE seen_at < ? ORDER BY +id',
  createdFrom: 'SELECT id FROM sessions WHERE seen_at < ? AND created_at_ms >= ? ORDER BY +id',
  createdIn: `SELECT id FROM sessions
    WHERE seen_at < ? AND created_at_ms >= ? AND created_at_ms < ? ORDER BY +id`,
};

function unseenQueries(reader: CacheReader) {
  return {
    all: reader.prepare<[string], string>(UNSEEN_SQL.all).pluck(),
    createdFrom: reader.prepare<[string, number], string>(UNSEEN_SQL.createdFrom).pluck(),
    createdIn: reader.prepare<[string, number, number], string>(UNSEEN_SQL.createdIn).pluck(),
  };
}

export function deletionSweepReads(reader: CacheReader): DeletionSweepReads {
  const unseen = unseenQueries(reader);
  return {
    listLiveIdsNotSeenSince: (seenAt) => unseen.all.all(toIso(toEpochMs(seenAt, 'seenAt'))),
  };
}

export function deletionSweepWrites(
  writer: CacheWriter,
  tombstones: TombstoneWrites,
): DeletionSweepWrites {
  const unseen = unseenQueries(readerOf(writer));
  return {
    markUnseenDeleted(seenSince, createdFrom, at) {
      const seen = toIso(toEpochMs(seenSince, 'seenSince'));
      const ids =
        createdFrom === null
          ? unseen.all.all(seen)
          : unseen.createdFrom.all(seen, toEpochMs(createdFrom, 'createdFrom'));
      return tombstones.markDeleted(ids, at);
    },
    markUnseenDeletedCreatedIn(seenSince, range, at) {
      const seen = toIso(toEpochMs(seenSince, 'seenSince'));
      const [from, to] = rangeMs(range);
      return tombstones.markDeleted(unseen.createdIn.all(seen, from, to), at);
    },
  };
}
