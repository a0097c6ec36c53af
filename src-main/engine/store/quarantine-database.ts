import { existsSync, renameSync } from 'node:fs';

/**
 * Moves a damaged database and its -wal/-shm companions aside as `<name>.corrupt-<timestamp>`
 * (keeping them for a bug report) and returns the new path of the main file.
 */
export function quarantineDatabase(path: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.corrupt-${stamp}-${n}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}
