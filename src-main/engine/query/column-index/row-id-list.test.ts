import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachRowId, rowIdListSql } from './row-id-list';

describe('row id lists', () => {
  it('read back exactly the ids SQLite listed, in its order', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (rid INTEGER PRIMARY KEY)');
    const insert = db.prepare<[number]>('INSERT INTO t (rid) VALUES (?)');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 200 }),
        (ids) => {
          db.exec('DELETE FROM t');
          for (const id of ids) insert.run(id);
          const text = db
            .prepare<[], string | null>(rowIdListSql('SELECT rid FROM t ORDER BY rid'))
            .pluck()
            .get();
          const read: number[] = [];
          forEachRowId(text, (id) => read.push(id));
          expect(read).toEqual([...ids].sort((a, b) => a - b));
        },
      ),
    );
    db.close();
  });

  it('read nothing from an empty list', () => {
    const read: number[] = [];
    forEachRowId(null, (id) => read.push(id));
    forEachRowId('', (id) => read.push(id));
    expect(read).toEqual([]);
  });
});
