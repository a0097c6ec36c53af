import type { SessionFilter } from '../src-shared/filter/session-filter';
import type { Session } from '../src-shared/opencx/session';

/** A session as the naive approach holds it: the parsed API object plus its tag names. */
export interface ParsedSession {
  session: Session;
  tags: readonly string[];
}

/** The filter keys the naive baseline implements; benchmarks use no others. */
const SUPPORTED = new Set<keyof SessionFilter>([
  'status',
  'channels',
  'sentiment',
  'team_ids',
  'assignee_ids',
  'unassigned',
  'languages',
  'ai_closure_type',
  'tags',
  'custom_data',
  'q',
]);

/**
 * The filter as a plain JS predicate over parsed sessions: what an app without an indexed cache
 * would run. `q` is a case-insensitive substring search over the contact's name and email (the
 * engine's full-text search covers more fields, so its totals may differ).
 */
export function naiveSessionPredicate(filter: SessionFilter): (row: ParsedSession) => boolean {
  for (const key of Object.keys(filter) as (keyof SessionFilter)[]) {
    if (!SUPPORTED.has(key))
      throw new Error(`The naive baseline does not implement filter.${key}.`);
  }
  const anyOf = (values: readonly string[] | undefined) =>
    values && values.length > 0 ? new Set<string | null | undefined>(values) : null;
  const status = anyOf(filter.status);
  const channels = anyOf(filter.channels);
  const sentiment = anyOf(filter.sentiment);
  const teams = anyOf(filter.team_ids);
  const assignees = anyOf(filter.assignee_ids);
  const languages = anyOf(filter.languages);
  const closure = anyOf(filter.ai_closure_type);
  const tags = anyOf(filter.tags);
  const customData = Object.entries(filter.custom_data ?? {});
  const q = filter.q?.trim().toLowerCase() || null;

  return ({ session, tags: sessionTags }) => {
    if (status && !status.has(session.status)) return false;
    if (channels && !channels.has(session.channel.type)) return false;
    if (sentiment && !sentiment.has(session.sentiment)) return false;
    if (teams && !teams.has(session.team?.id)) return false;
    if (assignees && !assignees.has(session.assignee_id)) return false;
    if (filter.unassigned !== undefined && filter.unassigned !== (session.assignee_id == null)) {
      return false;
    }
    if (languages && !languages.has(session.language)) return false;
    if (closure && !closure.has(session.ai_closure_type)) return false;
    if (tags && !sessionTags.some((tag) => tags.has(tag))) return false;
    for (const [key, value] of customData) {
      if (session.custom_data?.[key] !== value) return false;
    }
    if (q !== null) {
      const name = session.contact?.name?.toLowerCase() ?? '';
      const email = session.contact?.email?.toLowerCase() ?? '';
      if (!name.includes(q) && !email.includes(q)) return false;
    }
    return true;
  };
}
