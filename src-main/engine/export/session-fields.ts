import type { Session } from '../../../src-shared/opencx/session';
import { EXPORT_COLUMN_FAMILIES, EXPORT_COLUMNS } from './export-columns';

// Which fields the API sent beyond the catalogue: custom-data keys (one column each) and fields
// the catalogue does not know (the API grows; "all fields" exports them too). Learnt by one pass
// over the exported sessions before the header is written.

/** Nested unknown objects deeper than this become one JSON cell. */
const MAX_DEPTH = 8;

/** Object path → fields the catalogue names inside it ('' is the session itself). */
const KNOWN_FIELDS = new Map<string, Set<string>>();
/** Object path → family prefix for each custom-data map. */
const FAMILY_AT = new Map<string, string>();

function known(parent: string, field: string): void {
  let fields = KNOWN_FIELDS.get(parent);
  if (!fields) KNOWN_FIELDS.set(parent, (fields = new Set()));
  fields.add(field);
}

for (const column of EXPORT_COLUMNS) {
  const dot = column.id.lastIndexOf('.');
  if (dot === -1) known('', column.id);
  else {
    known('', column.id.slice(0, column.id.indexOf('.')));
    known(column.id.slice(0, dot), column.id.slice(dot + 1));
  }
}
for (const family of EXPORT_COLUMN_FAMILIES) {
  const path = family.prefix.slice(0, -1);
  FAMILY_AT.set(path, family.prefix);
  const dot = path.lastIndexOf('.');
  known(dot === -1 ? '' : path.slice(0, dot), dot === -1 ? path : path.slice(dot + 1));
}

export interface DiscoveredFields {
  /** Family prefix → keys seen, e.g. 'custom_data.' → {'plan', 'vip'}. */
  familyKeys: Map<string, Set<string>>;
  /** Unknown leaf fields seen, by dotted name → path in the session object. */
  unknownPaths: Map<string, readonly string[]>;
}

export function emptyDiscovery(): DiscoveredFields {
  return {
    familyKeys: new Map(EXPORT_COLUMN_FAMILIES.map((family) => [family.prefix, new Set()])),
    unknownPaths: new Map(),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The catalogue as a tree of the objects it names, built once: visiting a session then costs a
 * map lookup per field, and a path is built only for a field the catalogue does not know (a
 * million sessions visited with a path array and a dotted name per field were most of the time
 * "all fields" spent before writing its header).
 */
interface KnownObject {
  readonly path: readonly string[];
  readonly fields: ReadonlyMap<string, KnownField>;
}

interface KnownField {
  /** The custom-data family this field is the map of, e.g. 'custom_data.'. */
  readonly family: string | undefined;
  /** The catalogued object this field holds, if it is one. */
  readonly object: KnownObject | undefined;
}

function knownObject(objectPath: string, path: readonly string[]): KnownObject {
  const fields = new Map<string, KnownField>();
  for (const field of KNOWN_FIELDS.get(objectPath) ?? []) {
    const childName = objectPath === '' ? field : `${objectPath}.${field}`;
    const family = FAMILY_AT.get(childName);
    fields.set(field, {
      family,
      object:
        family === undefined && KNOWN_FIELDS.has(childName)
          ? knownObject(childName, [...path, field])
          : undefined,
    });
  }
  return { path, fields };
}

const SESSION = knownObject('', []);

/** Adds the custom-data keys and unknown fields of `session` to `into`. */
export function discoverFields(session: Session, into: DiscoveredFields): void {
  visitKnown(session as Record<string, unknown>, SESSION, into);
}

function visitKnown(
  object: Record<string, unknown>,
  known: KnownObject,
  into: DiscoveredFields,
): void {
  // for…in over a parsed JSON object: its own fields only, without an entries array per object.
  for (const field in object) {
    const value = object[field];
    const info = known.fields.get(field);
    if (info === undefined) {
      visitUnknown(value, [...known.path, field], into, 1);
      continue;
    }
    if (info.family !== undefined) {
      if (isPlainObject(value)) {
        const keys = into.familyKeys.get(info.family) as Set<string>;
        for (const key in value) keys.add(key);
      } else if (value !== null && value !== undefined) {
        // Not the map the API documents: kept whole rather than lost.
        visitUnknown(value, [...known.path, field], into, MAX_DEPTH);
      }
      continue;
    }
    if (info.object === undefined) continue;
    if (isPlainObject(value)) visitKnown(value, info.object, into);
    // A catalogued object sent as something else (a string, a list): its catalogue columns
    // stay empty, and "all fields" still carries what was sent.
    else if (value !== null && value !== undefined) {
      visitUnknown(value, info.object.path, into, MAX_DEPTH);
    }
  }
}

function visitUnknown(
  value: unknown,
  path: readonly string[],
  into: DiscoveredFields,
  depth: number,
): void {
  if (isPlainObject(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
    for (const [field, child] of Object.entries(value)) {
      visitUnknown(child, [...path, field], into, depth + 1);
    }
    return;
  }
  const name = path.join('.');
  // Two paths may flatten to one name (a field named "a.b" and a field b in an object a): one
  // column is kept, the same one whatever order the sessions are visited in.
  const kept = into.unknownPaths.get(name);
  if (kept === undefined || comparePaths(path, kept) < 0) into.unknownPaths.set(name, path);
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** The catalogue tree as plain data, for a worker thread that walks sessions the same way. */
export interface KnownObjectData {
  path: string[];
  fields: Array<[name: string, family: string | null, object: KnownObjectData | null]>;
}

function objectData(known: KnownObject): KnownObjectData {
  return {
    path: [...known.path],
    fields: [...known.fields].map(([name, info]) => [
      name,
      info.family ?? null,
      info.object ? objectData(info.object) : null,
    ]),
  };
}

/** What field-discovery-worker.ts needs to walk sessions as discoverFields does. */
export function knownFieldsData(): { tree: KnownObjectData; maxDepth: number } {
  return { tree: objectData(SESSION), maxDepth: MAX_DEPTH };
}

/** DiscoveredFields as plain data, to cross to or from a worker thread. */
export interface DiscoveredFieldsData {
  familyKeys: Array<[prefix: string, keys: string[]]>;
  unknownPaths: Array<[name: string, path: string[]]>;
}

export function discoveryData(discovered: DiscoveredFields): DiscoveredFieldsData {
  return {
    familyKeys: [...discovered.familyKeys].map(([prefix, keys]) => [prefix, [...keys]]),
    unknownPaths: [...discovered.unknownPaths].map(([name, path]) => [name, [...path]]),
  };
}

export function discoveryFromData(data: DiscoveredFieldsData): DiscoveredFields {
  const discovered = emptyDiscovery();
  for (const [prefix, keys] of data.familyKeys) {
    const set = discovered.familyKeys.get(prefix);
    if (set) for (const key of keys) set.add(key);
    else discovered.familyKeys.set(prefix, new Set(keys));
  }
  for (const [name, path] of data.unknownPaths) discovered.unknownPaths.set(name, path);
  return discovered;
}

/** Whether every field of `part` is in `whole`. */
export function covers(whole: DiscoveredFields, part: DiscoveredFields): boolean {
  for (const [prefix, keys] of part.familyKeys) {
    const known = whole.familyKeys.get(prefix);
    for (const key of keys) if (!known?.has(key)) return false;
  }
  for (const name of part.unknownPaths.keys()) if (!whole.unknownPaths.has(name)) return false;
  return true;
}

/** Adds every field of `from` to `into`. */
export function mergeDiscovery(into: DiscoveredFields, from: DiscoveredFields): void {
  for (const [prefix, keys] of from.familyKeys) {
    const set = into.familyKeys.get(prefix);
    if (set) for (const key of keys) set.add(key);
    else into.familyKeys.set(prefix, new Set(keys));
  }
  for (const [name, path] of from.unknownPaths) into.unknownPaths.set(name, path);
}
