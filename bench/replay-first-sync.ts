// Manual: the CPU a first sync spends storing, without the network: the store calls a full pass
// makes into an empty cache (cacheSyncStore: indexes set aside, pages of 100, each overlapping
// the one before by a session, held and committed a hundred at a time, the tags' members, the
// sweep and the labels, the indexes built, the statistics), replayed on the fake server's
// sessions in the order the walk brings them.
// Parsing and validating each page, as the client does, is counted apart. Prints the median of
// each phase over the runs; its total is the figure to compare between two builds, run
// alternately (a checkpoint lands in whichever phase fills the log).
//
// npx tsx bench/replay-first-sync.ts [sessions = 100000] [runs = 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import { openCacheStore } from '../src-main/engine/store/cache-store';
import { cacheSyncStore } from '../src-main/engine/sync/cache-sync-store';
import { SessionSchema } from '../src-shared/opencx/session';

const count = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const PAGE = 100;
const PAGES_PER_COMMIT = 100;

const fake = await startFakeOpencx({ sessions: count, rateLimit: false });
const truth = fake.truth();
await fake.close();
const oldestFirst = [...truth.sessions].sort(
  (a, b) => Date.parse(a.session.created_at) - Date.parse(b.session.created_at),
);
// Each page as the server sends it, to be parsed and validated as the client does. Each after
// the first starts with the last session of the one before, as the walk's inclusive window
// brings it again.
const bodies: string[] = [];
for (let i = 0; ; i += PAGE - 1) {
  bodies.push(JSON.stringify(oldestFirst.slice(i, i + PAGE).map((t) => t.session)));
  if (i + PAGE >= oldestFirst.length) break;
}
const members = new Map<string, string[]>();
for (const { session, tags } of truth.sessions) {
  for (const tag of tags) members.set(tag, [...(members.get(tag) ?? []), session.id]);
}

const phases = new Map<string, number[]>();
const record = (phase: string, ms: number) => phases.set(phase, [...(phases.get(phase) ?? []), ms]);
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const dir = mkdtempSync(join(tmpdir(), 'session-desk-replay-'));
try {
  for (let run = 0; run < runs; run++) {
    const path = join(dir, `cache-${run}.db`);
    const { store } = openCacheStore(path);
    const sync = cacheSyncStore(store);
    const seenAt = new Date().toISOString();
    const started = cpuMs();
    let last = started;
    const lap = (phase: string) => {
      const now = cpuMs();
      record(phase, now - last);
      last = now;
    };
    sync.deferIndexesIfEmpty();
    let parsing = 0;
    for (const [page, body] of bodies.entries()) {
      const before = cpuMs();
      const sessions = (JSON.parse(body) as unknown[]).map((s) => SessionSchema.parse(s));
      parsing += cpuMs() - before;
      const position = { from: sessions.at(-1)?.created_at ?? null, page: 1 };
      sync.writeSessionPage(sessions, seenAt, { key: 'replay', value: position });
      if (page % PAGES_PER_COMMIT === PAGES_PER_COMMIT - 1) sync.commitSessionPages();
    }
    sync.commitSessionPages();
    record('  of which parsing and validating', parsing);
    lap('pages');
    sync.replaceTagCatalog(truth.tags.map(({ tag_name }) => ({ tag_name })));
    for (const [tag, ids] of members) {
      sync.transaction(() => {
        sync.setTagMembers(tag, ids, null);
        sync.setSyncState('replay', { tag });
      });
    }
    lap('tags');
    sync.transaction(() => {
      sync.markUnseenDeleted(seenAt, null);
      sync.refreshTagLabels();
    });
    lap('sweep and labels');
    sync.buildDeferredIndexes();
    lap('indexes');
    sync.optimize();
    lap('statistics');
    record('total', cpuMs() - started);
    store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
console.log(`CPU ms storing a first sync of ${count.toLocaleString('en')} sessions, ${runs} runs`);
for (const [phase, values] of phases) {
  const all = values.map((v) => v.toFixed(0)).join(', ');
  console.log(`${phase.padEnd(34)} ${median(values).toFixed(0).padStart(6)}   (${all})`);
}
