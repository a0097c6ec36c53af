import { z } from 'zod';
import { SessionFilterSchema } from '../filter/session-filter';
import { SessionSortSchema } from '../filter/session-sort';
import type { Session } from '../opencx/session';
import type { MenuCommand } from './menu-commands';
import type { ChannelName, EventName } from './names';
import type { AppStatus, SessionsPage, SyncProgress, SyncState, SyncSummary } from './results';

// The contract (design.md, "One contract, three transports"): each channel once, with the schema
// its input must pass and the type of its result. ipcMain, the web host and the CLI dispatch
// through the one validating dispatcher built from this table.

interface ChannelSpec<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  result?: R;
}

function channel<R>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, R> => ({ input });
}

// prefault: a missing input is parsed as {} so the inner defaults apply.
const NoInput = z.strictObject({}).prefault({});

export const SessionsListInputSchema = z.strictObject({
  filter: SessionFilterSchema.prefault({}),
  sort: SessionSortSchema.prefault({}),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).nullable().default(null),
});

const SessionsListInput = SessionsListInputSchema.prefault({});

export const contract = {
  'app.status': channel<AppStatus>()(NoInput),
  'sessions.list': channel<SessionsPage>()(SessionsListInput),
  'sessions.get': channel<Session>()(z.strictObject({ id: z.string().min(1).max(200) })),
  'sync.run': channel<SyncSummary>()(
    z.strictObject({ full: z.boolean().default(false) }).prefault({}),
  ),
  'sync.cancel': channel<{ cancelled: boolean }>()(NoInput),
  'sync.status': channel<SyncState>()(NoInput),
} satisfies Record<ChannelName, ChannelSpec<z.ZodType, unknown>>;

export interface EventPayloads {
  'sync.progress': SyncProgress;
  'sync.state': SyncState;
  /** A native menu item or its shortcut: the page owns the list, the selection and the focus. */
  'menu.command': { command: MenuCommand };
  /** The engine worker died; it is being restarted (or, after repeated crashes, stopped). */
  'engine.crashed': { message: string };
}

type Contract = typeof contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ResultOf<C extends ChannelName> = NonNullable<Contract[C]['result']>;
export type EventPayload<E extends EventName> = EventPayloads[E];
export type SessionsListInput = z.input<typeof SessionsListInputSchema>;
