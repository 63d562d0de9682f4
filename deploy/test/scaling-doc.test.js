// docs/scaling.md is the operator's way into deploy/: its links must lead somewhere, its settings
// table must cover decision 0009's, and it must not promise stage 7's sharding as working.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { knownSettings, read, REPO } from './support.js';

const DOC = join(REPO, 'docs/scaling.md');
const text = read(DOC);

test('every relative link in docs/scaling.md leads to a file or folder that exists', () => {
  const links = [...text.matchAll(/\]\((?!https?:)([^)#]+)(?:#[^)]*)?\)/g)].map((match) => match[1]);
  assert.ok(links.length > 10);
  for (const link of links) assert.ok(existsSync(join(dirname(DOC), link)), link);
});

test('every path under deploy/ that docs/scaling.md names exists', () => {
  for (const [path] of text.matchAll(/deploy\/[\w./-]+[\w/]/g)) {
    if (path === 'deploy/compose/.env') continue; // the operator's own copy of .env.example
    assert.ok(existsSync(join(REPO, path)), path);
  }
});

test("the settings table names every setting of decision 0009 once, and nothing that isn't one", () => {
  const table = text.slice(text.indexOf('## Settings'));
  const rows = table.split('\n').filter((line) => line.startsWith('| `GRAMINSTA_'));
  const named = new Set();
  for (const row of rows) {
    const first = row.split('|')[1];
    let last = null;
    for (const [, token] of first.matchAll(/`([A-Z0-9_]+)`/g)) {
      last = token.startsWith('_') ? last.split('_').slice(0, -token.split('_').length + 1).join('_') + token : token;
      assert.ok(!named.has(last), `${last} has two rows`);
      named.add(last);
    }
  }
  const settings = knownSettings();
  for (const name of named) assert.ok(settings.has(name), `${name} is not a setting`);
  const decision = read(join(REPO, 'docs/decisions/0009-stages-2-to-5.md'));
  for (const [, name] of decision.matchAll(/^\| `(GRAMINSTA_[A-Z0-9_]+)`/gm)) assert.ok(named.has(name), `${name} is missing`);
});

test('stage 7 runs on the local stack, its sharding is marked planned', () => {
  const start = text.indexOf('## Stage 7:');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  assert.match(section.split('\n')[0], /sharding planned/, 'stage 7 heading');
  assert.match(section, /Planned with the stage 7 issue: partitioning and sharding/, 'stage 7');
  assert.doesNotMatch(text.slice(text.indexOf('## Stage 6:')).split('\n')[0], /planned/, 'stage 6 works');
  for (const command of ['./graminsta up', './graminsta stack up 2', './graminsta stack up 5 --instances 3', './graminsta stack up 6', './graminsta stack up 7', './graminsta stack top', './graminsta stack status', './graminsta stack restart', './graminsta stack down']) {
    assert.ok(text.includes(command), command);
  }
});
