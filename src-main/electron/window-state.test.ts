import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitWindowState, parseWindowState, WINDOW_DEFAULT_SIZE } from './window-state';
import { readWindowState, writeWindowState } from './window-state-file';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitorOnTheRight = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('fitWindowState', () => {
  it('keeps a saved window that fits its display as it was', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(fitWindowState(saved, [laptop, monitorOnTheRight], laptop)).toEqual(saved);
  });

  it('centres the default size on the primary display when nothing was saved', () => {
    expect(fitWindowState(null, [laptop], laptop)).toEqual({
      x: (1440 - WINDOW_DEFAULT_SIZE.width) / 2,
      y: (860 - WINDOW_DEFAULT_SIZE.height) / 2,
      ...WINDOW_DEFAULT_SIZE,
      maximized: false,
    });
  });

  it('brings back a window saved on a monitor that has since been unplugged', () => {
    const saved = { x: 2000, y: 200, width: 1000, height: 700, maximized: false };
    expect(fitWindowState(saved, [laptop], laptop)).toEqual({
      x: 220,
      y: 80,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('moves and shrinks a window hanging off the display it mostly covers', () => {
    const saved = { x: 1000, y: -50, width: 3000, height: 900, maximized: false };
    expect(fitWindowState(saved, [laptop, monitorOnTheRight], laptop)).toEqual({
      x: 1440,
      y: 0,
      width: 2560,
      height: 900,
      maximized: false,
    });
  });

  it('never makes the window smaller than its minimum unless the display is', () => {
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    const saved = { x: 0, y: 0, width: 100, height: 100, maximized: false };
    expect(fitWindowState(saved, [laptop], laptop)).toMatchObject({ width: 800, height: 500 });
    expect(fitWindowState(saved, [tiny], tiny)).toMatchObject({ width: 640, height: 480 });
  });
});

describe('the window state file', () => {
  it('round-trips through a temporary file and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    const file = join(dir, 'window-state.json');
    const state = { x: 10, y: 20, width: 900, height: 600, maximized: true };
    await writeWindowState(file, state);
    await writeWindowState(file, { ...state, x: 11 });
    expect(await readWindowState(file)).toEqual({ ...state, x: 11 });
    expect(await readdir(dir)).toEqual(['window-state.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ ...state, x: 11 });
  });

  it('reads a missing, broken or foreign file as no saved state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    expect(await readWindowState(join(dir, 'none.json'))).toBeNull();
    await writeFile(join(dir, 'broken.json'), '{ "x": ');
    expect(await readWindowState(join(dir, 'broken.json'))).toBeNull();
    expect(parseWindowState({ x: 'left', y: 0, width: 10, height: 10 })).toBeNull();
    expect(parseWindowState({ x: 0, y: 0, width: -1, height: 10 })).toBeNull();
  });
});
