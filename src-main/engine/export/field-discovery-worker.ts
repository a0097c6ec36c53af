import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlValue } from '../query/filter-to-sql';
import {
  discoveryData,
  discoveryFromData,
  knownFieldsData,
  type DiscoveredFields,
  type DiscoveredFieldsData,
} from './session-fields';

// "All fields" needs every custom-data key and unknown field before the header, which took one
// whole read and JSON.parse of the selection before the first row was written (about a quarter
// of a CSV export at a million sessions). Here that pass runs on a worker thread with its own
// read-only connection while the export writes its rows with the columns a sample of the
// sessions gave: the worker starts from the sample's fields and says as soon as it meets one the
// sample lacks, so the export can start over with the full set. The common case (the sample
// already held every field) costs the sample; the worst case costs what the pass before the
// rows cost, plus the rows written before the worker spoke.
//
// The walk below is discoverFields (session-fields.ts) in plain JavaScript over the same
// catalogue tree (passed as data): the worker runs CommonJS from a string (no file of its own to
// bundle, so it works the same from the sources under tsx and vitest and from the built engine
// worker, as ../query/column-index/full-text-lister.ts), and cannot import the TypeScript.
// field-discovery-worker.test.ts checks the two agree.

export interface FieldDiscoveryRequest {
  /** The cache file; the worker opens it read-only. */
  path: string;
  /** The selection as filterToSql gives it (over the alias `s`). */
  where: string;
  params: readonly SqlValue[];
  /** Ids left out of the selection. */
  except: readonly string[];
  /** What the fields are known to include already (the sample's). */
  start: DiscoveredFields;
  /** Documents read per statement; default 1000. */
  batchSize?: number;
}

export interface FieldDiscoveryOutcome {
  /** `start` with every field of the selection's sessions added. */
  discovered: DiscoveredFields;
  /** Whether that is more than `start` (a plan made from `start` is then not the export's). */
  grew: boolean;
}

export interface FieldDiscoveryRun {
  /**
   * True once columns planned from `start` can no longer be trusted: the worker met a field
   * `start` lacks, or failed. Rows written with them are then to be written again.
   */
  readonly stale: boolean;
  /** Settles when the worker has read every session; rejects if it failed. */
  readonly outcome: Promise<FieldDiscoveryOutcome>;
  /** Stops the worker. Idempotent. */
  close(): void;
}

type Message =
  | { kind: 'grew' }
  | { kind: 'done'; grew: boolean; discovery: DiscoveredFieldsData }
  | { kind: 'failed'; message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const { where, params, batchSize, maxDepth } = workerData;
const except = new Set(workerData.except);
const familyKeys = new Map(workerData.start.familyKeys.map(([prefix, keys]) => [prefix, new Set(keys)]));
const unknownPaths = new Map(workerData.start.unknownPaths);
let grew = false;

const revive = (data) => ({
  path: data.path,
  fields: new Map(data.fields.map(([name, family, object]) => [name, { family, object: object && revive(object) }])),
});
const tree = revive(workerData.tree);
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const comparePaths = (a, b) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
};

function visitKnown(object, known) {
  for (const field in object) {
    const value = object[field];
    const info = known.fields.get(field);
    if (info === undefined) {
      visitUnknown(value, [...known.path, field], 1);
      continue;
    }
    if (info.family !== null) {
      if (isPlainObject(value)) {
        const keys = familyKeys.get(info.family);
        for (const key in value) {
          if (!keys.has(key)) {
            keys.add(key);
            grew = true;
          }
        }
      } else if (value !== null && value !== undefined) {
        visitUnknown(value, [...known.path, field], maxDepth);
      }
      continue;
    }
    if (info.object === null) continue;
    if (isPlainObject(value)) visitKnown(value, info.object);
    else if (value !== null && value !== undefined) visitUnknown(value, info.object.path, maxDepth);
  }
}

function visitUnknown(value, path, depth) {
  if (isPlainObject(value) && depth < maxDepth && Object.keys(value).length > 0) {
    for (const [field, child] of Object.entries(value)) visitUnknown(child, [...path, field], depth + 1);
    return;
  }
  const name = path.join('.');
  const kept = unknownPaths.get(name);
  if (kept === undefined || comparePaths(path, kept) < 0) {
    unknownPaths.set(name, path);
    grew = true;
  }
}

let db = null;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  // In rowid order by the table itself, a seek past the last rid per statement: as
  // ExportRows.documents reads (../query/export-rows.ts).
  const select = db
    .prepare(
      'SELECT s.rid, s.id, d.raw FROM sessions s NOT INDEXED JOIN session_documents d ON d.rid = s.rid WHERE (' +
        where +
        ') AND s.rid > ? ORDER BY s.rid LIMIT ?',
    )
    .raw();
  let after = Number.MIN_SAFE_INTEGER;
  let told = false;
  for (;;) {
    const rows = select.all(...params, after, batchSize);
    for (const row of rows) if (!except.has(row[1])) visitKnown(JSON.parse(row[2]), tree);
    if (grew && !told) {
      told = true;
      parentPort.postMessage({ kind: 'grew' });
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1][0];
  }
  parentPort.postMessage({
    kind: 'done',
    grew,
    discovery: {
      familyKeys: [...familyKeys].map(([prefix, keys]) => [prefix, [...keys]]),
      unknownPaths: [...unknownPaths],
    },
  });
} catch (error) {
  parentPort.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  if (db) db.close();
}
`;

/**
 * Every parsed session dies young, so a small young generation costs the worker little, and it
 * keeps the worker's share of the export's memory (peak RSS ≤ 300 MB at a million sessions)
 * small: with V8's default the worker added about 60 MB.
 */
const YOUNG_GENERATION_MB = 4;

/** Starts learning the selection's fields on a worker thread. */
export function startFieldDiscovery(request: FieldDiscoveryRequest): FieldDiscoveryRun {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const { tree, maxDepth } = knownFieldsData();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    workerData: {
      modulePath,
      path: request.path,
      where: request.where,
      params: request.params,
      except: [...request.except],
      start: discoveryData(request.start),
      batchSize: request.batchSize ?? 1000,
      tree,
      maxDepth,
    },
  });
  let stale = false;
  let closed = false;
  let settled = false;
  let settle!: (outcome: FieldDiscoveryOutcome) => void;
  let fail!: (error: Error) => void;
  const outcome = new Promise<FieldDiscoveryOutcome>((resolve, reject) => {
    settle = (value) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    fail = (error) => {
      if (settled) return;
      settled = true;
      stale = true;
      reject(error);
    };
  });
  // The export may stop waiting (cancelled, failed): a rejection nobody awaits is not an error.
  outcome.catch(() => undefined);
  worker.on('message', (message: Message) => {
    if (message.kind === 'grew') stale = true;
    else if (message.kind === 'failed') fail(new Error(message.message));
    else {
      if (message.grew) stale = true;
      settle({ discovered: discoveryFromData(message.discovery), grew: message.grew });
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', () => {
    closed = true;
    fail(new Error('The field discovery worker stopped.'));
  });
  return {
    get stale() {
      return stale;
    },
    outcome,
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}
