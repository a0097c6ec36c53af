import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { developmentLog, forwardPageConsole, runModeFor } from './production-mode';

const PRODUCTION = {
  development: false,
  devTools: false,
  reloadAccelerators: false,
  verboseLogging: false,
};

describe('production mode', () => {
  it('is always on in an installed app, whatever the environment says', () => {
    for (const SESSION_DESK_DEV of [undefined, '1', 'true', '0']) {
      expect(runModeFor(true, { SESSION_DESK_DEV }), String(SESSION_DESK_DEV)).toEqual(PRODUCTION);
    }
  });

  it('is off in a source checkout unless SESSION_DESK_DEV=0 asks for it', () => {
    expect(runModeFor(false, {})).toEqual({
      development: true,
      devTools: true,
      reloadAccelerators: true,
      verboseLogging: true,
    });
    expect(runModeFor(false, { SESSION_DESK_DEV: '1' }).devTools).toBe(true);
    expect(runModeFor(false, { SESSION_DESK_DEV: '0' })).toEqual(PRODUCTION);
  });

  it('logs and forwards the page console only in development', () => {
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    for (const packaged of [true, false]) {
      const mode = runModeFor(packaged, {});
      const contents = new EventEmitter();
      developmentLog(mode, write)(`started packaged=${packaged}`);
      forwardPageConsole(mode, contents as unknown as WebContents, write);
      contents.emit('console-message', { level: 'warning', message: `page packaged=${packaged}` });
      expect(contents.listenerCount('console-message')).toBe(packaged ? 0 : 1);
    }
    expect(lines).toEqual([
      'session-desk: started packaged=false',
      'session-desk page [warning] page packaged=false',
    ]);
  });
});
