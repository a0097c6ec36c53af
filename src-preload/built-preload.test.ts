import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../src-shared/contract/api';
import { CHANNEL_NAMES } from '../src-shared/contract/names';
import {
  createElectronDouble,
  type ElectronDouble,
} from '../test-support/electron-double/electron-double';
import { loadSandboxedPreload } from '../test-support/electron-double/load-sandboxed-preload';

// The BUILT preload (out/preload/index.cjs, as `npm run build` leaves it): a sandboxed renderer
// cannot load modules, so it must be one CommonJS file that requires nothing but electron.

const PRELOAD_DIR = resolve(import.meta.dirname, '../out/preload');
const PRELOAD = join(PRELOAD_DIR, 'index.cjs');

function readBuilt(): string {
  if (!existsSync(PRELOAD)) throw new Error('Build first: npx electron-vite build');
  return readFileSync(PRELOAD, 'utf8');
}

interface ModuleUse {
  requires: string[];
  otherRequireUses: number;
  esmSyntax: string[];
}

/** Every way the file could load a module: require calls, bare uses of require, import syntax. */
function moduleUse(source: string): ModuleUse {
  const file = ts.createSourceFile(
    'index.cjs',
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  );
  const use: ModuleUse = { requires: [], otherRequireUses: 0, esmSyntax: [] };
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) ||
      ts.isExportDeclaration(node) ||
      ts.isExportAssignment(node)
    ) {
      use.esmSyntax.push(node.getText());
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      use.esmSyntax.push(node.getText());
    } else if (ts.isMetaProperty(node)) {
      use.esmSyntax.push(node.getText());
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require'
    ) {
      const [argument] = node.arguments;
      use.requires.push(
        argument && ts.isStringLiteral(argument)
          ? argument.text
          : `<computed: ${argument?.getText()}>`,
      );
      node.arguments.forEach(visit);
      return;
    } else if (ts.isIdentifier(node) && node.text === 'require') {
      use.otherRequireUses += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return use;
}

describe('the built preload file', () => {
  it('is the only file in out/preload', () => {
    readBuilt();
    expect(readdirSync(PRELOAD_DIR)).toEqual(['index.cjs']);
  });

  it('is CommonJS whose only require is electron, without import syntax or a bare require', () => {
    const use = moduleUse(readBuilt());
    expect(use.esmSyntax).toEqual([]);
    expect(use.otherRequireUses).toBe(0);
    expect(use.requires).toEqual(['electron']);
  });

  it('the check above notices an import, a second require and a computed require', () => {
    expect(moduleUse(`import x from 'zod';`).esmSyntax).toHaveLength(1);
    expect(moduleUse(`const z = import('zod');`).esmSyntax).toHaveLength(1);
    expect(moduleUse(`require('electron'); require('zod');`).requires).toEqual(['electron', 'zod']);
    expect(moduleUse(`const r = require; r('fs');`).otherRequireUses).toBe(1);
  });
});

describe('the built preload, run as a sandboxed renderer would', () => {
  let double: ElectronDouble;
  let api: RendererApi;
  let required: string[];

  beforeEach(() => {
    double = createElectronDouble();
    double.electron.app.becomeReady();
    const window = new double.electron.BrowserWindow({});
    double.electron.ipcRenderer.attach(window.webContents, 'app://session-desk/index.html');
    const loaded = loadSandboxedPreload(PRELOAD, double.electron);
    required = loaded.required;
    expect(Object.keys(loaded.mainWorld)).toEqual(['api']);
    api = loaded.mainWorld.api as RendererApi;
  });

  const send = (...args: unknown[]) =>
    double.windows[0]!.webContents.send('contract:event', ...args);

  it('exposes window.api with one function per contract channel plus on, and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(required).toEqual(['electron']);
  });

  it('invokes contract:<channel> with the input and resolves to the handler’s CallResult', async () => {
    const calls: unknown[] = [];
    double.electron.ipcMain.handle('contract:sessions.get', (_event, input) => {
      calls.push(input);
      return { ok: true, value: { id: 'abc' } };
    });
    expect(await api['sessions.get']({ id: 'abc' })).toEqual({ ok: true, value: { id: 'abc' } });
    expect(calls).toEqual([{ id: 'abc' }]);
  });

  it('turns a call that reaches no handler into a CallResult error instead of a rejection', async () => {
    const result = await api['sync.status']();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/sync\.status/) },
    });
  });

  it('delivers contract events to subscribers with the payload only, until they unsubscribe', () => {
    const heard: unknown[][] = [];
    const off = api.on('sync.state', (...args: unknown[]) => heard.push(args));
    send('sync.state', { running: true });
    off();
    send('sync.state', { running: false });
    expect(heard).toEqual([[{ running: true }]]);
  });

  it('ignores events that are not contract events', () => {
    const heard: unknown[] = [];
    api.on('sync.progress', (payload) => heard.push(payload));
    send('not.an.event', { pages: 1 });
    send('sync.progress', { pages: 2 });
    expect(heard).toEqual([{ pages: 2 }]);
  });

  it('refuses to subscribe to an unknown event or with a listener that is not a function', () => {
    expect(() =>
      (api.on as (event: string, listener: () => void) => void)('ipc.raw', () => undefined),
    ).toThrow(/no event named ipc\.raw/);
    expect(() => (api.on as (event: string, listener: unknown) => void)('sync.state', 'x')).toThrow(
      /must be a function/,
    );
  });

  it('keeps delivering to the other listeners when one throws', () => {
    const heard: unknown[] = [];
    api.on('sync.state', () => {
      throw new Error('broken listener');
    });
    api.on('sync.state', (payload) => heard.push(payload));
    const quiet = console.error;
    console.error = () => undefined;
    try {
      send('sync.state', { running: true });
    } finally {
      console.error = quiet;
    }
    expect(heard).toEqual([{ running: true }]);
  });
});
