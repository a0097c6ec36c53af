import type Database from 'better-sqlite3';

/** One schema step. `version` is the `PRAGMA user_version` the database has once `up` ran. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

/** Thrown when a database was written by a newer build: opening it could corrupt its data. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The database ${path} has schema version ${foundVersion}, newer than this build knows ` +
        `(${knownVersion}); update Session Desk to open it.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings `db` to the newest version in `migrations`. Each step runs in its own transaction
 * together with the user_version bump, so a crash leaves the database at a whole version. The
 * version is read again inside each step's (IMMEDIATE, so exclusive among writers) transaction:
 * when another connection migrated the file meanwhile, its steps are not run a second time.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  label: string,
): MigrationReport {
  assertContiguous(migrations);
  const latest = migrations.length;
  const from = readUserVersion(db);
  if (from > latest) throw new DatabaseTooNewError(label, from, latest);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    const ran = db
      .transaction(() => {
        const current = readUserVersion(db);
        if (current > latest) throw new DatabaseTooNewError(label, current, latest);
        if (current >= migration.version) return false;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(`${String(migration.version).padStart(3, '0')}-${migration.name}`);
  }
  return { from, to: readUserVersion(db), applied };
}

export function readUserVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error('PRAGMA user_version did not return a number.');
  return version;
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} ` +
          '(versions must run 1, 2, 3… in order).',
      );
    }
  });
}
