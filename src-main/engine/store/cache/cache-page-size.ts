/**
 * The page size of a cache file this build creates: 16 KiB instead of SQLite's 4 KiB. A first
 * sync writes about 200 MB per 100,000 sessions, each page to the log at a commit and again into
 * the file at a checkpoint, a system call per frame; with four times fewer, larger pages the
 * commits and checkpoints of such a sync cost a third of what they did, and the B-trees are a
 * level shallower. Storing a first sync of 100,000 sessions (bench/replay-first-sync.ts) took
 * 4.9-5.5 s of CPU with 4 KiB pages, 4.5 s with 16 KiB; 8 and 32 KiB did no better than 16.
 * Caches made by earlier builds keep 4 KiB: WAL forbids changing a file's page
 * size, and rewriting a user's whole cache for it is not worth an upgrade's wait.
 */
export const CACHE_PAGE_SIZE = 16_384;
