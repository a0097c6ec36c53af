import type { FacetField } from '../contract/facet-counts';
import type { DateRangeFilter, SessionFilter } from './session-filter';

// THE table of filter fields: every key of the filter model (session-filter.ts) once, with what
// the filter panel calls it, its kind, the facet that counts it and, for an enum, its values
// in panel order with the words a support agent uses for them. The SQL builder, the facet
// counter, the filter panel and the API mapping all read it; the engine keeps its own column map
// keyed by these keys (query/filter-columns.ts), which the compiler holds complete.
//
// Plain data with type-only imports (no zod), so the sandboxed renderer may import it at run
// time (scripts/layers/layer-table.js lists it).

export type FilterFieldKey = keyof SessionFilter;

export type FilterFieldKind = 'enum' | 'id_list' | 'boolean' | 'date_range' | 'key_value' | 'text';

interface FieldBase {
  /** What the filter panel calls the field. */
  readonly label: string;
  /**
   * The facet (contract/facet-counts.ts) counting this key's values. A facet's keys are its own
   * constraints: counting the facet drops them (assignee_ids and unassigned share 'assignee').
   */
  readonly facet?: FacetField;
  /** A local extension: never sent to the API (full-text `q` runs on the cache only). */
  readonly localOnly?: true;
}

/** A list field the panel shows as a checkbox group (in table order), counted by its facet. */
type InPanel = { readonly panel?: never } | { readonly panel: true; readonly facet: FacetField };

export type EnumField<V extends string = string> = FieldBase &
  InPanel & {
    readonly kind: 'enum';
    /** Every documented value, in the order the panel lists them, with its label. */
    readonly values: { readonly [P in V]: string };
  };
export type IdListField = FieldBase & InPanel & { readonly kind: 'id_list' };
export type BooleanField = FieldBase & { readonly kind: 'boolean' };
export type DateRangeField = FieldBase & { readonly kind: 'date_range' };
export type KeyValueField = FieldBase & { readonly kind: 'key_value' };
export type TextField = FieldBase & { readonly kind: 'text' };
export type FilterField =
  EnumField | IdListField | BooleanField | DateRangeField | KeyValueField | TextField;

/** The kind a key must have follows from its type in the filter model. */
type FieldFor<V> = [V] extends [boolean]
  ? BooleanField
  : [V] extends [string]
    ? TextField
    : [V] extends [readonly (infer E extends string)[]]
      ? string extends E
        ? IdListField
        : EnumField<E>
      : [V, DateRangeFilter] extends [DateRangeFilter, V]
        ? DateRangeField
        : KeyValueField;

export type FilterFieldTable = {
  readonly [K in FilterFieldKey]-?: FieldFor<NonNullable<SessionFilter[K]>>;
};

const TABLE = {
  status: {
    label: 'Status',
    kind: 'enum',
    facet: 'status',
    panel: true,
    values: { open: 'Open', closed_resolved: 'Resolved', closed_unresolved: 'Unresolved' },
  },
  sentiment: {
    label: 'Sentiment',
    kind: 'enum',
    facet: 'sentiment',
    panel: true,
    // `none` is local: sessions without a sentiment (filter-limits.ts, NO_SENTIMENT).
    values: { angry: 'Angry', neutral: 'Neutral', happy: 'Happy', none: 'No sentiment' },
  },
  ai_closure_type: {
    label: 'AI closure',
    kind: 'enum',
    facet: 'ai_closure_type',
    panel: true,
    values: {
      assumed_resolved: 'Assumed resolved',
      handed_off: 'Handed off',
      resolved: 'Resolved',
    },
  },
  channels: {
    label: 'Channel',
    kind: 'enum',
    facet: 'channel',
    panel: true,
    values: {
      web: 'Web chat',
      email: 'Email',
      phone_voice: 'Phone',
      slack: 'Slack',
      sms: 'SMS',
      whatsapp: 'WhatsApp',
      instagram: 'Instagram',
      messenger: 'Messenger',
      api: 'API',
      web_voice: 'Web voice',
    },
  },
  team_ids: { label: 'Team', kind: 'id_list', facet: 'team', panel: true },
  // The panel offers "Unassigned" among the assignees: it sets `unassigned` (same facet).
  assignee_ids: { label: 'Assignee', kind: 'id_list', facet: 'assignee', panel: true },
  unassigned: { label: 'Unassigned', kind: 'boolean', facet: 'assignee' },
  tags: { label: 'Tag', kind: 'id_list', facet: 'tag', panel: true },
  languages: { label: 'Language', kind: 'id_list', facet: 'language', panel: true },
  contact_ids: { label: 'Contact', kind: 'id_list' },
  handed_off: { label: 'Handed off', kind: 'boolean' },
  assist_mode: { label: 'Assist mode', kind: 'boolean' },
  custom_data: { label: 'Custom data', kind: 'key_value' },
  created_at: { label: 'Created', kind: 'date_range' },
  updated_at: { label: 'Updated', kind: 'date_range' },
  last_message_at: { label: 'Last message', kind: 'date_range' },
  q: { label: 'Search', kind: 'text', localOnly: true },
} as const satisfies FilterFieldTable;

export const FILTER_FIELDS: FilterFieldTable = TABLE;

/** Every filter key, in table order. */
export const FILTER_FIELD_KEYS = Object.keys(TABLE) as FilterFieldKey[];

type Table = typeof TABLE;

/** The keys the filter panel shows, each a checkbox group counted by its facet. */
export type PanelFieldKey = {
  [K in FilterFieldKey]: Table[K] extends { panel: true } ? K : never;
}[FilterFieldKey];

/** A field the panel shows: an enum or id list, always with its facet. */
export type PanelField = (EnumField | IdListField) & {
  readonly panel: true;
  readonly facet: FacetField;
};

/** What the filter panel shows, in table order: one checkbox group each. */
export const PANEL_FIELDS: readonly { key: PanelFieldKey; field: PanelField }[] =
  FILTER_FIELD_KEYS.flatMap((key) => {
    const field: FilterField = FILTER_FIELDS[key];
    return 'panel' in field && field.panel === true
      ? [{ key: key as PanelFieldKey, field: field as PanelField }]
      : [];
  });

/** The date-range keys (created, updated, last message), in table order. */
export type DateFilterKey = {
  [K in FilterFieldKey]: Table[K] extends { kind: 'date_range' } ? K : never;
}[FilterFieldKey];

export const DATE_FILTER_KEYS = FILTER_FIELD_KEYS.filter(
  (key) => FILTER_FIELDS[key].kind === 'date_range',
) as DateFilterKey[];

/** The keys sent to the API under (ASSUMED) wire names: every key that is not local-only. */
export type ApiFilterFieldKey = {
  [K in FilterFieldKey]: Table[K] extends { localOnly: true } ? never : K;
}[FilterFieldKey];

/** The filter keys a facet counts: its own constraints, dropped when counting it. */
export function facetKeys(facet: FacetField): FilterFieldKey[] {
  return FILTER_FIELD_KEYS.filter((key) => FILTER_FIELDS[key].facet === facet);
}

/** The label of an enum value; a value the API added after this build reads as itself. */
export function enumValueLabel(field: FilterField, value: string): string {
  const labels: Record<string, string> = field.kind === 'enum' ? field.values : {};
  return Object.hasOwn(labels, value) ? (labels[value] as string) : readable(value);
}

/** `closed_unresolved` → `Closed unresolved`: an unknown value, made readable. */
export function readable(value: string): string {
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// Every facet the contract counts belongs to some field: adding a facet to FACET_FIELDS without
// naming it here fails compilation.
type TableFacet = {
  [K in FilterFieldKey]: Table[K] extends { facet: infer F } ? F : never;
}[FilterFieldKey];
type Assert<T extends true> = T;
type _EveryFacetHasAField = Assert<
  [Exclude<FacetField, TableFacet>] extends [never] ? true : false
>;
