import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src-shared/contract/app-error';
import type { Dispatch } from '../engine/contract/dispatcher';
import { bindContract } from './ipc-bridge';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<CallResult<unknown>>;

function bound(dispatch: Dispatch) {
  const handlers = new Map<string, Handler>();
  bindContract(
    {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as unknown as Parameters<typeof bindContract>[0],
    dispatch,
  );
  const fromApp = { senderFrame: { url: 'app://session-desk/index.html' } } as IpcMainInvokeEvent;
  return (channel: string, input: unknown) => handlers.get(`contract:${channel}`)!(fromApp, input);
}

describe('the IPC bridge', () => {
  it('refuses input nested thousands of levels deep before handing it to the engine', async () => {
    const seen: unknown[] = [];
    const invoke = bound((channel) => {
      seen.push(channel);
      return Promise.resolve({ ok: true, value: null });
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 4_000; i++) deep = { a: deep };
    expect(await invoke('sessions.list', { filter: deep })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The input for sessions.list is nested more than 32 levels deep; Session Desk accepts at most 32.',
      },
    });
    expect(seen).toEqual([]);
    expect(await invoke('sessions.list', { filter: {} })).toEqual({ ok: true, value: null });
  });
});
