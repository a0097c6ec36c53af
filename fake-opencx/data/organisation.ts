import { Faker, base, en } from '@faker-js/faker';
import type { FakeAgent, FakeContact, FakeCustomData, FakeTag, FakeTeam } from './fake-session';
import { SeededRandom } from './seeded-random';
import { PLANS, REGIONS, TAG_DEFINITIONS, TEAM_DEFINITIONS } from './vocabulary';

const DAY_MS = 86_400_000;

/** Everything a session refers to: teams, agents, tags and a pool of contacts. */
export interface Organisation {
  teams: FakeTeam[];
  agents: FakeAgent[];
  tags: FakeTag[];
  contacts: FakeContact[];
}

export function generateOrganisation(
  seed: number,
  sessionCount: number,
  nowMs: number,
): Organisation {
  const random = SeededRandom.derive(seed, 'organisation');
  const faker = new Faker({ locale: [en, base], seed });

  const teams = TEAM_DEFINITIONS.map(([name, description]) => ({
    id: random.uuid(),
    name,
    description,
  }));

  const usedAgentIds = new Set<string>();
  const agents: FakeAgent[] = [];
  while (agents.length < 12) {
    const id = String(random.int(2, 480));
    if (usedAgentIds.has(id)) continue;
    usedAgentIds.add(id);
    agents.push({ id, name: faker.person.fullName(), team_id: random.pick(teams).id });
  }

  const categories = [random.uuid(), random.uuid(), random.uuid()];
  const tags = TAG_DEFINITIONS.map(([tagName, description]) => {
    const createdMs = nowMs - random.int(200, 700) * DAY_MS;
    return {
      tag_name: tagName,
      description: random.chance(0.85) ? description : null,
      exclude_from_auto_tagging: random.chance(0.2),
      category_id: random.chance(0.7) ? random.pick(categories) : null,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(createdMs + random.int(0, 150) * DAY_MS).toISOString(),
    };
  });

  // Contacts come back across sessions, as real customers do; a bounded pool keeps 20k cheap.
  const contactCount = Math.min(4000, Math.max(5, Math.ceil(sessionCount * 0.5)));
  const contacts: FakeContact[] = [];
  for (let i = 0; i < contactCount; i++) contacts.push(generateContact(faker, random));

  return { teams, agents, tags, contacts };
}

function generateContact(faker: Faker, random: SeededRandom): FakeContact {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const verified = random.chance(0.75);
  const email = faker.internet.email({ firstName, lastName }).toLowerCase();
  return {
    id: random.uuid(),
    email: verified && random.chance(0.85) ? email : null,
    phone_number: random.chance(0.45) ? faker.phone.number({ style: 'international' }) : null,
    name: verified ? `${firstName} ${lastName}` : null,
    custom_data: random.chance(0.3) ? null : contactCustomData(random),
    non_verified_name: verified ? null : random.chance(0.7) ? firstName : null,
    non_verified_email: verified ? null : random.chance(0.6) ? email : null,
    non_verified_custom_data: random.chance(0.85)
      ? null
      : { referrer: random.pick(['ads', 'blog', 'friend']) },
  };
}

function contactCustomData(random: SeededRandom): FakeCustomData {
  const data: FakeCustomData = { plan: random.weighted(PLANS), region: random.pick(REGIONS) };
  if (random.chance(0.4)) data.customer_since = 2015 + random.int(0, 11);
  return data;
}
