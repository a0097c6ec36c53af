import { AppError } from '../../../../src-shared/contract/app-error';
import type { Tag } from '../../../../src-shared/opencx/tag';
import { readerOf, writeTransaction, type CacheWriter } from './cache-handles';
import { rangeMs, type CreatedRange } from './created-range';
import { toEpochMs } from './epoch-ms';
import { sessionRowLookup } from './session-reads';

// The tag catalog and who carries which tag. The session object carries no tags: membership is
// learnt from per-tag filter queries, so it is replaced tag by tag, within the span synced.

export interface TagWrites {
  /** Replaces the tag catalog; memberships of tags no longer in it are dropped. */
  replaceTagCatalog(tags: readonly Tag[]): void;
  /**
   * Replaces the whole membership of one catalogued tag. Only cached sessions can be members:
   * upsert the sessions a tag query returned before calling this. Ids not cached are returned.
   * Throws not_found for a tag that is not in the catalog.
   * With `labels: 'later'` the sessions' tags_label (what the Tags sort orders by) is left as
   * it was, for a caller that writes many tags and then calls refreshTagLabels once.
   */
  setTagMembers(
    tagName: string,
    sessionIds: readonly string[],
    createdFrom?: string | null,
    labels?: 'now' | 'later',
  ): { stored: number; unknownIds: string[] };
  /**
   * Sets every session's tags_label from its tags where the two differ; returns how many
   * changed. One pass over the memberships, for a full sync after its tag walks.
   */
  refreshTagLabels(): number;
  /**
   * Replaces the whole tag set of each cached session in the map (a delta learns a changed
   * session's tags from which tag queries it appears in). Tags not in the catalog and sessions
   * not cached are skipped. Returns how many memberships were written.
   */
  setSessionTags(tagsBySession: ReadonlyMap<string, readonly string[]>): number;
  /**
   * Replaces one catalogued tag's membership among cached sessions created within `range`
   * (from inclusive, to exclusive; null is open-ended) — the backfill's share of the cache.
   * Sessions updated at or after `updatedBefore` are left alone: they changed while the caller
   * was reading, and the delta that fetches them sets their tags. Throws not_found for a tag not
   * in the catalog. Returns how many memberships were written.
   */
  replaceTagMembersCreatedIn(
    tagName: string,
    sessionIds: readonly string[],
    range: CreatedRange,
    updatedBefore: string | null,
  ): number;
}

export function tagWrites(writer: CacheWriter): TagWrites {
  const rowOf = sessionRowLookup(readerOf(writer));
  const upsertTag = writer.prepare<[string, string]>(
    'INSERT INTO tags (tag_name, raw) VALUES (?, ?) ON CONFLICT (tag_name) DO UPDATE SET raw = excluded.raw',
  );
  const tagNames = writer.prepare<[], string>('SELECT tag_name FROM tags').pluck();
  const deleteTag = writer.prepare<[string]>('DELETE FROM tags WHERE tag_name = ?');
  const tagExists = writer
    .prepare<[string], number>('SELECT 1 FROM tags WHERE tag_name = ?')
    .pluck();
  // The clears return the sessions they took the tag from: their labels are set again.
  const clearMembers = writer
    .prepare<[string], number>('DELETE FROM session_tags WHERE tag_name = ? RETURNING session_rid')
    .pluck();
  const clearMembersCreatedFrom = writer
    .prepare<[string, number], number>(
      `DELETE FROM session_tags WHERE tag_name = ?
         AND session_rid IN (SELECT rid FROM sessions WHERE created_at_ms >= ?)
       RETURNING session_rid`,
    )
    .pluck();
  const clearMembersCreatedIn = writer
    .prepare<[string, number, number, number], number>(
      `DELETE FROM session_tags WHERE tag_name = ? AND session_rid IN (
         SELECT rid FROM sessions
         WHERE created_at_ms >= ? AND created_at_ms < ? AND updated_at_ms < ?)
       RETURNING session_rid`,
    )
    .pluck();
  const clearTagsOfSession = writer.prepare<[number]>(
    'DELETE FROM session_tags WHERE session_rid = ?',
  );
  const insertMember = writer.prepare<[string, number]>(
    'INSERT OR IGNORE INTO session_tags (tag_name, session_rid) VALUES (?, ?)',
  );
  // A tag's members in one statement: the ids that are cached join their rows (the rest are
  // listed only when fewer rows were stored than ids given).
  const insertMembers = writer
    .prepare<[string, string], number>(
      `INSERT OR IGNORE INTO session_tags (tag_name, session_rid)
       SELECT ?, s.rid FROM json_each(?) j JOIN sessions s ON s.id = j.value
       RETURNING session_rid`,
    )
    .pluck();
  const uncachedIds = writer
    .prepare<[string], string>(
      'SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = j.value)',
    )
    .pluck();
  const membersOf = writer
    .prepare<[string], number>('SELECT session_rid FROM session_tags WHERE tag_name = ?')
    .pluck();
  // Each session's tags_label (migration 008: its tags in byte order, as the Tags column lists
  // them), set again for the sessions whose membership a call may have changed; a label that
  // did not change is not written, so neither is its index entry.
  const relabel = writer.prepare<[string]>(`
    UPDATE sessions SET tags_label = l.label
    FROM (
      SELECT j.value AS rid,
        (SELECT string_agg(t.tag_name, ', ' ORDER BY t.tag_name)
         FROM session_tags t WHERE t.session_rid = j.value) AS label
      FROM json_each(?) j
    ) l
    WHERE sessions.rid = l.rid AND sessions.tags_label IS NOT l.label`);
  // Every session's label from one ordered walk of session_tags_by_session, then the sessions
  // that lost their last tag.
  const relabelAll = writer.prepare(`
    UPDATE sessions SET tags_label = l.label
    FROM (
      SELECT session_rid AS rid, string_agg(tag_name, ', ' ORDER BY tag_name) AS label
      FROM session_tags GROUP BY session_rid
    ) l
    WHERE sessions.rid = l.rid AND sessions.tags_label IS NOT l.label`);
  const unlabelUntagged = writer.prepare(`
    UPDATE sessions SET tags_label = NULL
    WHERE tags_label IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM session_tags t WHERE t.session_rid = sessions.rid)`);
  const relabelRows = (rids: Iterable<number>) => {
    const unique = [...new Set(rids)];
    if (unique.length > 0) relabel.run(JSON.stringify(unique));
  };
  const requireCatalogued = (tagName: string) => {
    if (!tagExists.get(tagName)) {
      throw new AppError('not_found', `Tag "${tagName}" is not in the cached tag catalog.`);
    }
  };

  return {
    replaceTagCatalog(tags) {
      writeTransaction(writer, () => {
        const keep = new Set(tags.map((tag) => tag.tag_name));
        const untagged: number[] = [];
        for (const name of tagNames.all()) {
          if (keep.has(name)) continue;
          for (const rid of membersOf.all(name)) untagged.push(rid);
          deleteTag.run(name);
        }
        relabelRows(untagged);
        for (const tag of tags) upsertTag.run(tag.tag_name, JSON.stringify(tag));
      });
    },

    setTagMembers(tagName, sessionIds, createdFrom = null, labels = 'now') {
      return writeTransaction(writer, () => {
        requireCatalogued(tagName);
        // A sync scoped to recent sessions replaces membership only within its scope.
        const cleared =
          createdFrom === null
            ? clearMembers.all(tagName)
            : clearMembersCreatedFrom.all(tagName, toEpochMs(createdFrom, 'createdFrom'));
        const ids = JSON.stringify(sessionIds);
        const added = insertMembers.all(tagName, ids);
        const stored = added.length;
        if (labels === 'now') relabelRows([...cleared, ...added]);
        const unknownIds = stored < sessionIds.length ? uncachedIds.all(ids) : [];
        return { stored, unknownIds };
      });
    },

    refreshTagLabels() {
      return writeTransaction(
        writer,
        () => relabelAll.run().changes + unlabelUntagged.run().changes,
      );
    },

    setSessionTags(tagsBySession) {
      return writeTransaction(writer, () => {
        let stored = 0;
        const touched: number[] = [];
        for (const [id, names] of tagsBySession) {
          const row = rowOf(id);
          if (!row) continue;
          touched.push(row.rid);
          clearTagsOfSession.run(row.rid);
          for (const tagName of names) {
            if (!tagExists.get(tagName)) continue;
            stored += insertMember.run(tagName, row.rid).changes;
          }
        }
        relabelRows(touched);
        return stored;
      });
    },

    replaceTagMembersCreatedIn(tagName, sessionIds, range, updatedBefore) {
      const [from, to] = rangeMs(range);
      const updatedLimit =
        updatedBefore === null
          ? Number.MAX_SAFE_INTEGER
          : toEpochMs(updatedBefore, 'updatedBefore');
      return writeTransaction(writer, () => {
        requireCatalogued(tagName);
        const touched = clearMembersCreatedIn.all(tagName, from, to, updatedLimit);
        let stored = 0;
        for (const id of sessionIds) {
          const row = rowOf(id);
          if (!row || row.updated_at_ms >= updatedLimit) continue;
          stored += insertMember.run(tagName, row.rid).changes;
          touched.push(row.rid);
        }
        relabelRows(touched);
        return stored;
      });
    },
  };
}
