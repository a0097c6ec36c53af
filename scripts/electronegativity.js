#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security linter) over the built app in out/ and
// fails on every finding of MEDIUM severity or above that scripts/electronegativity-allow.json
// does not justify. An allow-list entry names the check, the built file, a piece of the flagged
// line (so a new occurrence of the same check elsewhere in the file is not waved through) and the
// reason. Entries that no longer match anything fail too, so the list cannot rot.
//
//   npm run build && node scripts/electronegativity.js [--all]
//
// --all also prints the findings below MEDIUM.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const input = join(root, 'out');
const allowFile = join(here, 'electronegativity-allow.json');
const failAt = 'MEDIUM';
const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

const allowList = JSON.parse(readFileSync(allowFile, 'utf8'));
for (const [index, entry] of allowList.entries()) {
  for (const field of ['check', 'file', 'match', 'reason']) {
    if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
      throw new Error(`${allowFile}: entry ${index} needs a non-empty "${field}".`);
    }
  }
}

const result = await run(
  {
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: [],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    // out/ has no package.json; without this the tool guesses and may look the version up online.
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const lineOf = (file, line) => readFileSync(join(input, file), 'utf8').split('\n')[line - 1] ?? '';
const used = new Set();
const blocking = [];
const shown = [];
for (const issue of result.issues) {
  const severity = issue.severity.name;
  const atLeast = SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(failAt);
  const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
  const line = lineOf(issue.file, issue.location.line);
  const allowed = allowList.findIndex(
    (entry) => entry.check === issue.id && entry.file === issue.file && line.includes(entry.match),
  );
  if (allowed >= 0) used.add(allowed);
  const status = !atLeast ? 'below threshold' : allowed >= 0 ? 'allowed' : 'NOT ALLOWED';
  if (atLeast && allowed < 0) blocking.push(issue);
  if (atLeast || process.argv.includes('--all')) {
    shown.push(`${status.padEnd(16)} ${issue.id} ${severity}/${issue.confidence.name} ${where}`);
    if (allowed >= 0) shown.push(`${' '.repeat(17)}reason: ${allowList[allowed].reason}`);
  }
}
const stale = allowList.filter((_entry, index) => !used.has(index));

console.log(
  `Electronegativity ${require('@doyensec/electronegativity/package.json').version} over ${input} (Electron ${electronVersion})`,
);
console.log(shown.length ? shown.join('\n') : 'No findings.');
for (const error of result.errors) {
  // The tool's parser predates some syntax (e.g. class private fields in the Svelte bundle).
  console.log(`could not parse ${error.file}: ${error.message} (not scanned)`);
}
for (const entry of stale)
  console.log(`stale allow-list entry: ${entry.check} in ${entry.file} matching "${entry.match}"`);
if (blocking.length || stale.length) {
  console.error(
    `\n${blocking.length} finding(s) at ${failAt} or above without a reason, ${stale.length} stale allow-list entr(ies).`,
  );
  process.exit(1);
}
console.log(`\nNo unjustified finding at ${failAt} or above.`);
