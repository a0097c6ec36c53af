import type { Tag } from '../../../src-shared/opencx/tag';
import type { CacheStore } from '../store/cache-store';
import { INDEXES_CHANGED_BY_TAGS } from '../store/cache/deferred-indexes';
import type { SyncStore } from './sync-ports';

/** The sync engine's view of the cache: each write it needs, as one transaction where it must be. */
export function cacheSyncStore(store: CacheStore): SyncStore {
  const pages = store.holdWrites();
  return {
    writeSessionPage(sessions, seenAt, resume) {
      pages.write(() => {
        store.upsertSessions(sessions, seenAt);
        store.setSyncState(resume.key, resume.value);
      });
    },
    commitSessionPages: () => pages.commit(),
    getSyncState: (key) => store.getSyncState(key),
    setSyncState: (key, value) => store.setSyncState(key, value),
    replaceTagCatalog: (tags: Tag[]) => store.replaceTagCatalog(tags),
    setTagMembers: (tagName, sessionIds, createdFrom) => {
      store.setTagMembers(tagName, sessionIds, createdFrom, 'later');
    },
    refreshTagLabels: () => {
      store.refreshTagLabels();
    },
    setSessionTags: (tagsBySession) => {
      store.setSessionTags(tagsBySession);
    },
    markUnseenDeleted: (seenSince, createdFrom) =>
      store.markUnseenDeleted(seenSince, createdFrom, new Date().toISOString()),
    replaceTagMembersCreatedIn: (tagName, sessionIds, range, updatedBefore) => {
      store.replaceTagMembersCreatedIn(tagName, sessionIds, range, updatedBefore);
    },
    markUnseenDeletedCreatedIn: (seenSince, range) =>
      store.markUnseenDeletedCreatedIn(seenSince, range, new Date().toISOString()),
    tagNames: () => store.listTags().map((tag) => tag.tag_name),
    transaction: (fn) => store.transaction(fn),
    deferIndexesIfEmpty: () => store.deferIndexesIfEmpty(),
    buildDeferredIndexes: (onBuilt) => store.buildDeferredIndexes(onBuilt),
    buildIndexesBesideTagWalks: (signal, onBuilt) =>
      store.buildDeferredIndexesOffThread(INDEXES_CHANGED_BY_TAGS, signal, onBuilt),
    optimize: () => store.optimize(),
  };
}
