import type { FakeEndpoint } from '../fake-opencx-options';

/**
 * A body that still parses as JSON but breaks the documented schema in one plausible way, chosen
 * by `pick`. Clients must reject it (validation at the boundary), not store it.
 */
export function malform(
  endpoint: FakeEndpoint,
  body: unknown,
  pick: <T>(items: readonly T[]) => T,
): unknown {
  const record = isRecord(body) ? body : {};
  switch (endpoint) {
    case 'filter': {
      const data = Array.isArray(record.data) ? record.data : [];
      const first: unknown = data[0];
      if (isRecord(first) && pick([true, false])) {
        const { id: _id, ...withoutId } = first;
        return { ...record, data: [withoutId, ...data.slice(1)] };
      }
      return pick([
        { ...record, data: 'oops' },
        { ...record, has_next: 'yes' },
      ]);
    }
    case 'session': {
      const { id: _id, ...withoutId } = record;
      return pick([withoutId, { ...record, ticket_number: 'T-1' }]);
    }
    case 'history':
    case 'list':
      return pick([
        { ...record, items: 'oops' },
        { ...record, items: [{ unexpected: true }] },
      ]);
    case 'tags':
      return { tags: body };
    case 'teams':
      return Array.isArray(body)
        ? body.map((team: unknown) => (isRecord(team) ? { ...team, name: null } : team))
        : body;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
