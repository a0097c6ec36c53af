import type { SessionRecord } from './fake-session';
import type { Organisation } from './organisation';
import { SeededRandom } from './seeded-random';
import { SessionFactory } from './session-factory';

const DAY_MS = 86_400_000;
const SPREAD_MS = 180 * DAY_MS;

/**
 * The initial sessions, created over the 180 days before `nowMs`, in creation order. A few share
 * a created_at or last_message_at with their neighbour so that clients meet ties.
 */
export function generateRecords(
  organisation: Organisation,
  seed: number,
  count: number,
  nowMs: number,
  unknownEnumRate: number,
): { records: SessionRecord[]; factory: SessionFactory } {
  const random = SeededRandom.derive(seed, 'sessions');
  const factory = new SessionFactory(organisation, random, unknownEnumRate);
  const startMs = Math.floor((nowMs - SPREAD_MS) / 1000) * 1000;

  const created: number[] = [];
  for (let i = 0; i < count; i++) {
    // Skewed towards recent days, like a growing business.
    created.push(startMs + Math.floor(Math.sqrt(random.next()) * (SPREAD_MS / 1000)) * 1000);
  }
  created.sort((a, b) => a - b);
  for (let i = 1; i < count; i++) {
    if (random.chance(0.03)) created[i] = created[i - 1] as number;
  }

  const records: SessionRecord[] = [];
  const endMs = Math.floor(nowMs / 1000) * 1000;
  let previousLastMessage = -Infinity;
  for (let i = 0; i < count; i++) {
    const createdMs = created[i] as number;
    // A conversation that would run past now is still going on: its last message is somewhere
    // before now, so that few sessions pile up on exactly `now`.
    let lastMessageMs = laterWithin(random, createdMs, lengthOfConversation(random), endMs);
    if (random.chance(0.02)) lastMessageMs = createdMs;
    else if (random.chance(0.04) && previousLastMessage >= createdMs)
      lastMessageMs = previousLastMessage;
    previousLastMessage = lastMessageMs;
    const settleMs = random.chance(0.5) ? random.int(0, 3600) * 1000 : 0;
    const updatedMs = laterWithin(random, lastMessageMs, settleMs, endMs);
    records.push(factory.create(i, 1000 + i, { createdMs, lastMessageMs, updatedMs }));
  }
  return { records, factory };
}

function laterWithin(
  random: SeededRandom,
  startMs: number,
  lengthMs: number,
  endMs: number,
): number {
  if (startMs + lengthMs <= endMs) return startMs + lengthMs;
  return startMs + Math.floor((random.next() * Math.max(0, endMs - startMs)) / 1000) * 1000;
}

function lengthOfConversation(random: SeededRandom): number {
  const seconds = random.weighted([
    [random.int(20, 600), 55],
    [random.int(600, 7200), 35],
    [random.int(7200, 5 * 86_400), 10],
  ] as const);
  return seconds * 1000;
}
