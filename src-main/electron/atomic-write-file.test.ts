import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-write-file';

describe('writeFileAtomically', () => {
  it('creates the folder, replaces the file whole, leaves no temporary file and keeps it private', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'atomic-write-')), 'not-yet');
    const file = join(dir, 'state.json');
    await writeFileAtomically(file, 'first');
    await writeFileAtomically(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['state.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
