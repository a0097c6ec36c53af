import { nodeHttpFetch } from '../src-main/engine/api/node-http-fetch';
import type { ApiFilters } from '../src-shared/opencx/filter-request';

export interface PlainWalkTotals {
  requests: number;
  sessions: number;
}

const PAGE_LIMIT = 100;
const TAG_WALKS_AT_ONCE = 3;

/**
 * The network floor of a full sync: the same requests the sync engine makes, as it makes them
 * (sessions by created_at ascending with a moving `created_at.from` window; alongside it, the
 * tag list, then each tag's members three walks at a time), through the same HTTP transport
 * (nodeHttpFetch). Bodies are parsed only as far as the paging needs; nothing is validated or
 * stored.
 */
export async function walkLikeAFullSync(baseUrl: string, token: string): Promise<PlainWalkTotals> {
  const totals: PlainWalkTotals = { requests: 0, sessions: 0 };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const walk = async (filters: ApiFilters) => {
    let from: string | null = null;
    let page = 1;
    for (;;) {
      const body = {
        filters: from === null ? filters : { ...filters, created_at: { from } },
        sort_by: 'created_at',
        sort_order: 'asc',
        page,
        limit: PAGE_LIMIT,
      };
      const response = await nodeHttpFetch(`${baseUrl}/chat/sessions/filter`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        redirect: 'manual',
      });
      totals.requests += 1;
      if (!response.ok) throw new Error(`The floor walk got HTTP ${response.status}.`);
      const json = JSON.parse(await response.text()) as {
        data: { created_at: string }[];
        has_next: boolean;
      };
      totals.sessions += json.data.length;
      const last = json.data.at(-1)?.created_at ?? null;
      if (!json.has_next || last === null) return;
      const stuck = from !== null && Date.parse(last) === Date.parse(from);
      if (stuck) page += 1;
      else [from, page] = [last, 1];
    }
  };

  const tagWalks = (async () => {
    const tagsResponse = await nodeHttpFetch(`${baseUrl}/tags`, {
      method: 'GET',
      headers,
      redirect: 'manual',
    });
    totals.requests += 1;
    if (!tagsResponse.ok)
      throw new Error(`The floor walk got HTTP ${tagsResponse.status} for /tags.`);
    const tags = JSON.parse(await tagsResponse.text()) as { tag_name: string }[];
    const queue = tags.map((tag) => tag.tag_name);
    await Promise.all(
      Array.from({ length: TAG_WALKS_AT_ONCE }, async () => {
        for (let tag = queue.shift(); tag !== undefined; tag = queue.shift()) {
          await walk({ tags: [tag] });
        }
      }),
    );
  })();
  // Settled at once, so a failure of the tag walks during the session walk is not unhandled.
  const tagOutcome = tagWalks.then(
    () => null,
    (error: unknown) => error,
  );
  await walk({});
  const failed = await tagOutcome;
  if (failed !== null) throw failed;
  return totals;
}
