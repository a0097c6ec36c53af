import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-write-file';
import { parseWindowState, type WindowState } from './window-state';

/** The saved window state, or null when there is none or it cannot be read as one. */
export async function readWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(JSON.parse(await readFile(file, 'utf8')) as unknown);
  } catch {
    return null;
  }
}

export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(state, null, 2)}\n`);
}
