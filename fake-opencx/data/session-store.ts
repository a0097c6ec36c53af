import type { FakeEvent, SessionRecord, TruthSnapshot } from './fake-session';
import type { Organisation } from './organisation';
import { generateTranscript } from './transcript';

export type SortKey = 'created_at' | 'last_message_at';

const sortValue: Record<SortKey, (record: SessionRecord) => number> = {
  created_at: (record) => record.createdMs,
  last_message_at: (record) => record.lastMessageMs,
};

/**
 * The fake's ground truth: live sessions, deleted ids and transcripts. Keeps each sort order
 * ready so a filter request walks a pre-sorted array instead of sorting 20,000 items.
 */
export class SessionStore {
  private readonly byId = new Map<string, SessionRecord>();
  private inOrder: SessionRecord[] | null = null;
  private readonly sorted = new Map<SortKey, SessionRecord[]>();
  private readonly deleted: string[] = [];
  private readonly transcripts = new Map<string, FakeEvent[]>();
  private nextOrdinal = 0;
  private nextTicket = 1000;

  constructor(
    readonly organisation: Organisation,
    records: readonly SessionRecord[],
  ) {
    for (const record of records) this.insert(record);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): SessionRecord | undefined {
    return this.byId.get(id);
  }

  /** Live sessions in insertion order (a Map iterates in insertion order, ordinals only grow). */
  all(): readonly SessionRecord[] {
    this.inOrder ??= [...this.byId.values()];
    return this.inOrder;
  }

  /** Live sessions ascending by the key; equal keys in insertion order. */
  sortedBy(key: SortKey): readonly SessionRecord[] {
    let sorted = this.sorted.get(key);
    if (!sorted) {
      const value = sortValue[key];
      sorted = [...this.all()].sort((a, b) => value(a) - value(b) || a.ordinal - b.ordinal);
      this.sorted.set(key, sorted);
    }
    return sorted;
  }

  allocateOrdinal(): number {
    return this.nextOrdinal;
  }

  allocateTicketNumber(): number {
    return this.nextTicket;
  }

  insert(record: SessionRecord): void {
    this.byId.set(record.session.id, record);
    this.nextOrdinal = Math.max(this.nextOrdinal, record.ordinal + 1);
    this.nextTicket = Math.max(this.nextTicket, record.session.ticket_number + 1);
    this.invalidate();
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.deleted.push(id);
    this.transcripts.delete(id);
    this.invalidate();
    return true;
  }

  /** Call after changing a record's timestamps or fields in place. */
  changed(): void {
    this.sorted.delete('last_message_at');
  }

  history(record: SessionRecord): FakeEvent[] {
    let generated = this.transcripts.get(record.session.id);
    if (!generated) {
      generated = generateTranscript(record, this.organisation.agents);
      this.transcripts.set(record.session.id, generated);
    }
    return record.appendedEvents.length === 0
      ? generated
      : [...generated, ...record.appendedEvents];
  }

  truth(nowMs: number): TruthSnapshot {
    return structuredClone({
      now: new Date(nowMs).toISOString(),
      sessions: this.all().map((record) => ({
        session: record.session,
        last_message_at: new Date(record.lastMessageMs).toISOString(),
        tags: record.tags,
      })),
      deletedIds: this.deleted,
      tags: this.organisation.tags,
      teams: this.organisation.teams,
      agents: this.organisation.agents,
    });
  }

  private invalidate(): void {
    this.inOrder = null;
    this.sorted.clear();
  }
}
