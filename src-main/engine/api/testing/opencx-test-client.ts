import { z } from 'zod';
import {
  SessionSchema,
  TeamSchema,
  type Session,
  type Team,
} from '../../../../src-shared/opencx/session';
import { encodeId, OpencxClient, type RequestOptions } from '../opencx-client';

// The endpoints of OpenCX that the fake server serves and the client's own tests read, although
// the app does not (yet) call them: kept beside the tests, on top of the production client, so
// they exercise its real sending, validation and error handling.

/** Query of GET /chat/sessions (documented, single-valued filters). */
export interface ListSessionsParams {
  cursor?: string | null;
  status?: string;
  channel_type?: string;
  handed_off?: boolean;
  created_after?: string;
  created_before?: string;
  updated_after?: string;
  updated_before?: string;
}

export const SessionListPageSchema = z.looseObject({
  items: z.array(SessionSchema),
  next: z.string().nullable(),
});
export type SessionListPage = z.infer<typeof SessionListPageSchema>;

const TeamListSchema = z.array(TeamSchema);

/** OpencxClient plus GET /chat/sessions/{id}, GET /chat/sessions and GET /teams. */
export class OpencxTestClient extends OpencxClient {
  /** GET /chat/sessions/{id}; an unknown id fails with code not_found. */
  getSession(id: string, opts: RequestOptions): Promise<Session> {
    return this.send(
      {
        method: 'GET',
        path: `/chat/sessions/${encodeId(id)}`,
        schema: SessionSchema,
        names: { payload: 'session' },
      },
      opts,
    );
  }

  /** One page of GET /chat/sessions (cursor paging, single-valued filters). */
  listSessions(params: ListSessionsParams, opts: RequestOptions): Promise<SessionListPage> {
    return this.send(
      {
        method: 'GET',
        path: '/chat/sessions',
        query: { ...params },
        schema: SessionListPageSchema,
        names: { payload: 'session list', element: { noun: 'session', listKey: 'items' } },
      },
      opts,
    );
  }

  /** GET /teams. */
  listTeams(opts: RequestOptions): Promise<Team[]> {
    return this.send(
      {
        method: 'GET',
        path: '/teams',
        schema: TeamListSchema,
        names: { payload: 'team list', element: { noun: 'team', listKey: null } },
      },
      opts,
    );
  }
}
