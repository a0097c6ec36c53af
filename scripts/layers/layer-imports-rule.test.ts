import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Each fixture is linted with the project's own ESLint configuration as if it lived at the path
// on its `// as:` line, so these tests prove the real lint (its file globs, parsers and the layer
// rule) reports each way of breaking design.md's layer table — the ways the old regular-expression
// check let through among them.
const root = resolve(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');

interface Fixture {
  name: string;
  as: string;
  expect: string;
  text: string;
}

function readFixtures(): Fixture[] {
  return readdirSync(fixtures)
    .filter((name) => name.endsWith('.fixture'))
    .map((name) => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const as = /^\/\/ as: (.+)$/m.exec(text)?.[1];
      const expected = /^\/\/ expect: (.+)$/m.exec(text)?.[1];
      if (!as || !expected) throw new Error(`${name} needs "// as:" and "// expect:" lines.`);
      return { name: name.replace(/\.fixture$/, ''), as, expect: expected, text };
    });
}

const eslint = new ESLint({ cwd: root });

async function layerMessages(fixture: Fixture) {
  const [result] = await eslint.lintText(fixture.text, { filePath: join(root, fixture.as) });
  if (!result) throw new Error(`ESLint returned nothing for ${fixture.as}.`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`${fixture.as} did not parse: ${fatal[0]?.message}`);
  return result.messages.filter((message) => message.ruleId === 'layers/imports');
}

describe('the layer lint (design.md layer table on parsed imports)', () => {
  const all = readFixtures();

  it('has fixtures that break the table and fixtures that keep it', () => {
    expect(all.filter((f) => f.expect === 'nothing').length).toBeGreaterThan(0);
    expect(all.filter((f) => f.expect !== 'nothing').length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of all) {
    const title =
      fixture.expect === 'nothing'
        ? `accepts ${fixture.name} (${fixture.as})`
        : `reports ${fixture.name} (${fixture.as}) as ${fixture.expect}`;
    it(title, async () => {
      const messages = await layerMessages(fixture);
      if (fixture.expect === 'nothing') expect(messages).toEqual([]);
      else expect(messages.map((message) => message.messageId)).toContain(fixture.expect);
    });
  }

  it('names the layer and the refused import in the sentence it reports', async () => {
    const fixture = all.find((f) => f.name === 'engine-mts-imports-electron');
    if (!fixture) throw new Error('fixture missing');
    const [message] = await layerMessages(fixture);
    expect(message?.message).toMatch(/The engine layer may not use 'electron'/);
  });
});
