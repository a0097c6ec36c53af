import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_LIST_OFFSET, MAX_PAGE_SIZE } from '../filter/page-size';
import { MAX_FILTER_ITEMS, MAX_FILTER_ITEM_LENGTH } from '../filter/filter-limits';
import { SessionFilterSchema, TimeZoneSchema } from '../filter/session-filter';
import { SessionSortSchema } from '../filter/session-sort';
import { baseUrlProblem } from '../opencx/base-url';
import { ExportIdSchema, ExportInputSchema } from '../export/export-input';
import type {
  ExportFinishedEvent,
  ExportProgressEvent,
  ExportSummary,
} from '../export/export-results';
import type { Session } from '../opencx/session';
import type { FacetCounts } from './facet-counts';
import { ListColumnPrefsSchema } from './list-column-prefs-schema';
import type { ListColumnPrefs } from './list-columns';
import type { MenuCommand } from './menu-commands';
import type { ChannelName, EventName } from './names';
import type {
  AccountsState,
  AppStatus,
  Connectivity,
  ContactMatch,
  CustomDataKey,
  CustomDataValue,
  SavedView,
  SessionHistogram,
  SessionHistory,
  SessionIds,
  SessionsPage,
  SyncProgress,
  SyncState,
  SyncSummary,
  ViewCounts,
  Workspace,
} from './results';

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

export const SessionsListInputSchema = z
  .strictObject({
    filter: SessionFilterSchema.prefault({}),
    sort: SessionSortSchema.prefault({}),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(2000).nullable().default(null),
    /** Rows to skip, for a jump (the grid's scrollbar dragged far): only without a cursor. */
    offset: z.number().int().min(0).max(MAX_LIST_OFFSET).optional(),
  })
  .refine((input) => !(input.cursor && input.offset), {
    message: 'give a cursor or an offset, not both',
    path: ['offset'],
  });

/** The most ids one sessions.ids call returns or checks. */
export const MAX_IDS_PER_CALL = 100_000;

export const SessionsIdsInputSchema = z.strictObject({
  filter: SessionFilterSchema.prefault({}),
  sort: SessionSortSchema.prefault({}),
  /** Rows [offset, offset + limit) of the list in this sort: a shift-click range. */
  offset: z.number().int().min(0).max(MAX_LIST_OFFSET).default(0),
  limit: z.number().int().min(1).max(MAX_IDS_PER_CALL).default(MAX_IDS_PER_CALL),
  /** Only these ids (those that match the filter): which selected sessions still match. */
  within: z.array(z.string().min(1).max(200)).max(MAX_IDS_PER_CALL).optional(),
});

const SessionsListInput = SessionsListInputSchema.prefault({});

const AccountId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'use lowercase letters, digits and dashes');
const AccountFields = {
  name: z.string().trim().min(1).max(100),
  /** https anywhere, plain http only to a loopback address: the API key travels to it. */
  base_url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .check((ctx) => {
      const problem = baseUrlProblem(ctx.value);
      if (problem) {
        ctx.issues.push({ code: 'custom', message: problem.replace(/\.$/, ''), input: ctx.value });
      }
    }),
  scope_days: z.number().int().min(1).max(36500).nullable(),
  /** Written to the OS keychain by the host; never sent back. */
  token: z.string().trim().min(8).max(8192),
};

export const AccountAddInputSchema = z.strictObject({
  ...AccountFields,
  scope_days: AccountFields.scope_days.default(90),
});

export const AccountUpdateInputSchema = z.strictObject({
  id: AccountId,
  name: AccountFields.name.optional(),
  base_url: AccountFields.base_url.optional(),
  scope_days: AccountFields.scope_days.optional(),
  token: AccountFields.token.optional(),
});

export const HISTOGRAM_STACKS = ['status', 'sentiment', 'channel'] as const;
export const DATE_FIELDS = ['created_at', 'updated_at', 'last_message_at'] as const;
export const CUSTOM_DATA_TYPES = ['string', 'number', 'boolean'] as const;

const ViewId = z.string().min(1).max(100);
const ViewName = z.string().trim().min(1).max(200);
/** The list's shown columns, in order; null leaves the user's own. */
const ViewColumns = z.array(z.string().min(1).max(64)).max(64).nullable();

export const contract = {
  'app.status': channel<AppStatus>()(NoInput),
  'accounts.list': channel<AccountsState>()(NoInput),
  'accounts.add': channel<AccountsState>()(AccountAddInputSchema),
  'accounts.update': channel<AccountsState>()(AccountUpdateInputSchema),
  'accounts.remove': channel<AccountsState>()(z.strictObject({ id: AccountId })),
  'accounts.switch': channel<AccountsState>()(z.strictObject({ id: AccountId })),
  /** The OS's word on the network (navigator.onLine, net.isOnline): a hint, never the verdict. */
  'connectivity.hint': channel<Connectivity>()(z.strictObject({ online: z.boolean() })),
  'sessions.list': channel<SessionsPage>()(SessionsListInput),
  /** Ids only, for selections: a range of the list, or which of some ids match the filter. */
  'sessions.ids': channel<SessionIds>()(SessionsIdsInputSchema),
  'sessions.get': channel<Session>()(z.strictObject({ id: z.string().min(1).max(200) })),
  'sessions.facets': channel<FacetCounts>()(
    z.strictObject({ filter: SessionFilterSchema.prefault({}) }).prefault({}),
  ),
  /** Sessions over time for a filter (the chart), counted in SQL from the cache. */
  'sessions.histogram': channel<SessionHistogram>()(
    z
      .strictObject({
        filter: SessionFilterSchema.prefault({}),
        field: z.enum(DATE_FIELDS).default('created_at'),
        stack_by: z.enum(HISTOGRAM_STACKS).default('status'),
        /** Whose midnights start the day and week buckets. */
        time_zone: TimeZoneSchema.default('UTC'),
      })
      .prefault({}),
  ),
  /** Contacts of cached sessions by name, email or phone (type-ahead), or by id (to name them). */
  'contacts.search': channel<ContactMatch[]>()(
    z.strictObject({
      text: z.string().max(200).default(''),
      ids: z.array(z.string().min(1).max(MAX_FILTER_ITEM_LENGTH)).max(MAX_FILTER_ITEMS).default([]),
      limit: z.number().int().min(1).max(MAX_FILTER_ITEMS).default(10),
    }),
  ),
  /** The custom-data keys the cache holds, each with the types its values are stored as. */
  'custom_data.keys': channel<CustomDataKey[]>()(NoInput),
  /** Values seen under a custom-data key, typed as stored. */
  'custom_data.values': channel<CustomDataValue[]>()(
    z.strictObject({
      key: z.string().min(1).max(200),
      type: z.enum(CUSTOM_DATA_TYPES).optional(),
      prefix: z.string().max(200).default(''),
      limit: z.number().int().min(1).max(200).default(20),
    }),
  ),
  /** The active account's views, in the user's order (built-ins added for a new account). */
  'views.list': channel<SavedView[]>()(NoInput),
  /** Creates (no id) or updates a view; a name the account already uses is refused. */
  'views.save': channel<SavedView>()(
    z.strictObject({
      id: ViewId.optional(),
      name: ViewName,
      filter: SessionFilterSchema,
      sort: SessionSortSchema.prefault({}),
      columns: ViewColumns.optional(),
    }),
  ),
  'views.delete': channel<{ deleted: boolean }>()(z.strictObject({ id: ViewId })),
  /** Puts a deleted view back, with its id, in its place (undo). */
  'views.restore': channel<SavedView>()(
    z.strictObject({
      id: ViewId,
      name: ViewName,
      filter: SessionFilterSchema,
      sort: SessionSortSchema.prefault({}),
      columns: ViewColumns.default(null),
      position: z.number().int().min(0).max(100_000),
    }),
  ),
  /** Orders the views as `ids` lists them (drag and drop, Alt+arrows). */
  'views.reorder': channel<SavedView[]>()(
    z.strictObject({ ids: z.array(ViewId).max(MAX_FILTER_ITEMS) }),
  ),
  /** Each view's count in the cache now (relative dates resolved now), within a time budget. */
  'views.counts': channel<ViewCounts>()(NoInput),
  /** The active account's current filter, search and sort, as last saved; null: none yet. */
  'workspace.load': channel<{ workspace: Workspace | null }>()(NoInput),
  'workspace.save': channel<{ saved: boolean }>()(
    z.strictObject({
      filter: SessionFilterSchema,
      sort: SessionSortSchema.prefault({}),
      view_id: ViewId.nullable().default(null),
    }),
  ),
  /** The active account's list columns (shown, order, widths) as last saved; null: none yet. */
  'workspace.columns.load': channel<{ columns: ListColumnPrefs | null }>()(NoInput),
  'workspace.columns.save': channel<{ saved: boolean }>()(ListColumnPrefsSchema),
  'sessions.history': channel<SessionHistory>()(z.strictObject({ id: z.string().min(1).max(200) })),
  'sync.run': channel<SyncSummary>()(
    z.strictObject({ full: z.boolean().default(false) }).prefault({}),
  ),
  'sync.cancel': channel<{ cancelled: boolean }>()(NoInput),
  'sync.status': channel<SyncState>()(NoInput),
  /** What to export and how; where is the host's (save dialog, download, --out), never the page's. */
  'sessions.export': channel<ExportSummary>()(ExportInputSchema),
  'sessions.export.cancel': channel<{ cancelled: boolean }>()(
    z.strictObject({ export_id: ExportIdSchema }),
  ),
  /** Desktop only: shows the exported file in the system's file manager. */
  'sessions.export.reveal': channel<{ shown: boolean }>()(
    z.strictObject({ export_id: ExportIdSchema }),
  ),
} satisfies Record<ChannelName, ChannelSpec<z.ZodType, unknown>>;

export interface EventPayloads {
  'sync.progress': SyncProgress;
  'sync.state': SyncState;
  'accounts.changed': AccountsState;
  connectivity: Connectivity;
  /** A native menu item or its shortcut: the page owns the list, the selection and the focus. */
  'menu.command': { command: MenuCommand };
  /** The engine worker died; it is being restarted (or, after repeated crashes, stopped). */
  'engine.crashed': { message: string };
  'export.progress': ExportProgressEvent;
  'export.finished': ExportFinishedEvent;
}

type Contract = typeof contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ResultOf<C extends ChannelName> = NonNullable<Contract[C]['result']>;
export type EventPayload<E extends EventName> = EventPayloads[E];
export type SessionsListInput = z.input<typeof SessionsListInputSchema>;
