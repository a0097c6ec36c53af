import type { FakeSession } from '../data/fake-session';
import type { MsRange, ParsedFilterBody } from './filter-body';

/** What the filter semantics look at: the API object plus the hidden last_message_at and tags. */
export interface FilterSubject {
  session: FakeSession;
  createdMs: number;
  updatedMs: number;
  lastMessageMs: number;
  tags: readonly string[];
}

type Predicate = (subject: FilterSubject) => boolean;

const inRange = (value: number, range: MsRange): boolean => range.from <= value && value < range.to;

/**
 * One predicate for the whole `filters` object, per opencx-api.md: AND across keys, OR inside a
 * list, an empty list constrains nothing (the parser drops empty lists), date ranges are
 * from-inclusive and to-exclusive, a null or absent field matches no list.
 */
export function compileFilters(filters: ParsedFilterBody['filters']): Predicate {
  const checks: Predicate[] = [];
  const { created_at, updated_at, last_message_at } = filters;
  if (created_at) checks.push((s) => inRange(s.createdMs, created_at));
  if (updated_at) checks.push((s) => inRange(s.updatedMs, updated_at));
  if (last_message_at) checks.push((s) => inRange(s.lastMessageMs, last_message_at));
  const { status, sentiment, ai_closure_type, channels, tags, assignee_ids } = filters;
  if (status) checks.push((s) => status.has(s.session.status));
  if (sentiment)
    checks.push((s) => s.session.sentiment !== null && sentiment.has(s.session.sentiment));
  if (ai_closure_type) {
    checks.push(
      (s) => s.session.ai_closure_type !== null && ai_closure_type.has(s.session.ai_closure_type),
    );
  }
  if (channels) checks.push((s) => channels.has(s.session.channel.type));
  if (tags) checks.push((s) => s.tags.some((tag) => tags.has(tag)));
  if (assignee_ids) {
    checks.push((s) => s.session.assignee_id !== null && assignee_ids.has(s.session.assignee_id));
  }
  const { unassigned, team_ids, contact_ids, languages, handed_off, assist_mode, custom_data } =
    filters;
  if (unassigned !== undefined) checks.push((s) => (s.session.assignee_id === null) === unassigned);
  if (team_ids) checks.push((s) => s.session.team !== undefined && team_ids.has(s.session.team.id));
  if (contact_ids) {
    checks.push((s) => s.session.contact !== undefined && contact_ids.has(s.session.contact.id));
  }
  if (languages)
    checks.push((s) => s.session.language !== undefined && languages.has(s.session.language));
  if (handed_off !== undefined)
    checks.push((s) => (s.session.handoff !== undefined) === handed_off);
  if (assist_mode !== undefined) checks.push((s) => s.session.assist_mode === assist_mode);
  if (custom_data && custom_data.length > 0) {
    checks.push((s) =>
      custom_data.every(
        ([key, value]) =>
          Object.hasOwn(s.session.custom_data, key) && s.session.custom_data[key] === value,
      ),
    );
  }
  return (subject) => checks.every((check) => check(subject));
}
