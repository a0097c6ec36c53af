import type { CacheReader } from '../src-main/engine/store/cache/cache-handles';
import type { CacheReads } from '../src-main/engine/store/cache/cache-reads';
import type { CliValue } from './sqlite-cli';

/** One statement the engine ran: its SQL and the values bound to it, in order. */
export interface RecordedStatement {
  sql: string;
  params: CliValue[];
}

/**
 * The cache's reads with a reader that records every statement run through it (text and bound
 * values), so the sqlite3 baseline runs exactly what the engine ran. Used for one checking call
 * per case; the timed calls use the plain reads.
 */
export function recordingReads(reads: CacheReads): {
  reads: CacheReads;
  take(): RecordedStatement[];
} {
  let recorded: RecordedStatement[] = [];
  const target = reads.reader as unknown as Record<PropertyKey, unknown>;
  const reader = new Proxy(target, {
    get(object, property) {
      if (property === 'prepare') {
        return (sql: string) =>
          recordingStatement(
            (object.prepare as (sql: string) => object).call(object, sql),
            sql,
            (params) => recorded.push({ sql, params }),
          );
      }
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(object) : value;
    },
  }) as unknown as CacheReader;
  return {
    reads: { ...reads, reader },
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

function recordingStatement(
  statement: object,
  sql: string,
  record: (params: CliValue[]) => void,
): object {
  const proxy: object = new Proxy(statement, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'get' || property === 'all' || property === 'iterate') {
        return (...args: unknown[]) => {
          record(flatten(args, sql));
          return method.apply(object, args);
        };
      }
      if (property === 'pluck' || property === 'raw' || property === 'expand') {
        return (...args: unknown[]) => {
          method.apply(object, args);
          return proxy;
        };
      }
      return method.bind(object);
    },
  });
  return proxy;
}

function flatten(args: unknown[], sql: string): CliValue[] {
  const values = args.flat();
  for (const value of values) {
    if (value !== null && !['string', 'number', 'bigint'].includes(typeof value)) {
      throw new Error(`A statement was bound to ${typeof value} (${sql.slice(0, 80)}…)`);
    }
  }
  return values as CliValue[];
}
