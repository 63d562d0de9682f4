// Stage 1's backups (docs/decisions/0020): the restore drill of issue 11 on `./graminsta backup` and
// `restore`. Posts and likes; the time T; more posts and likes, a post deleted through the API and
// an account deleted by hand (the operator's mistake); restore --to T: counts and contents are those
// at T, the deleted account is back with its photos, and the server serves. Before that, the
// guards: a restore while the server runs, to a time outside the window, from a repository that
// is not there or is damaged, is refused and changes nothing. Ports 18700 and up.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Api, ROOT, Stack, ok, postPhoto, signUp, sleep, stackLock } from '../support.js';

const run = promisify(execFile);
const BASE_PORT = 18700;

async function graminsta(stack, ...args) {
  try {
    const { stdout } = await run(join(ROOT, 'graminsta'), args, { env: stack.env, timeout: 300_000 });
    return stdout;
  } catch (error) {
    const failure = new Error(`./graminsta ${args.join(' ')} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    failure.stderr = error.stderr ?? '';
    throw failure;
  }
}

async function refused(promise, pattern) {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error, 'the command was refused');
  assert.match(error.stderr, pattern);
}

/** The embedded PostgreSQL's answer to one query, through psql on the port its pid file names. */
async function sql(dataDir, query) {
  const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3].trim();
  const { stdout } = await run('psql', ['-X', '-At', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', 'postgres', '-c', query]);
  return stdout.trim();
}

/** What the drill compares: every table's rows that matter, and what the API shows of alice and bob. */
async function snapshot(dataDir, api, people) {
  const counts = await sql(dataDir, `SELECT (SELECT count(*) FROM accounts) || ' ' || (SELECT count(*) FROM statuses)
    || ' ' || (SELECT count(*) FROM favourites) || ' ' || (SELECT count(*) FROM media_attachments)`);
  const rows = await sql(dataDir, `SELECT string_agg(s.id || ':' || a.username || ':' || s.text, ',' ORDER BY s.id)
    FROM statuses s JOIN accounts a ON a.id = s.account_id`);
  const timelines = {};
  for (const person of people) {
    const account = await ok(api.get(`/api/v1/accounts/lookup?acct=${person.username}`));
    const statuses = await ok(api.get(`/api/v1/accounts/${account.id}/statuses`));
    timelines[person.username] = statuses.map((s) => ({
      id: s.id, content: s.content, favourites: s.favourites_count, media: s.media_attachments.map((m) => m.url),
    }));
  }
  return { counts, rows, timelines };
}

test('stage 1: restore --to T brings back the database and the photos as they were at T', { timeout: 900_000 }, async (t) => {
  const lock = await stackLock(900);
  const stack = new Stack(BASE_PORT);
  t.after(async () => {
    try {
      await stack.destroy();
    } finally {
      lock.release();
    }
  });
  const repository = join(stack.dir, 'repository');
  const dataDir = join(stack.dir, 'instance-1', 'data');
  const api = new Api(`http://127.0.0.1:${BASE_PORT + 11}`);

  await stack.up(1);
  const backup = await graminsta(stack, 'backup', '--to', repository, '--data-dir', dataDir);
  assert.match(backup, /Restorable window: /);

  const alice = await signUp(api, 'alice');
  const bob = await signUp(api, 'bob');
  const first = await postPhoto(alice.api, 'first at the lake');
  await postPhoto(alice.api, 'second at the lake');
  const bobs = await postPhoto(bob.api, 'bob before T');
  await ok(bob.api.post(`/api/v1/statuses/${first.id}/favourite`));
  await ok(alice.api.post(`/api/v1/statuses/${bobs.id}/favourite`));
  const atT = await snapshot(dataDir, api, [alice, bob]);
  // T falls between whole seconds of quiet: the restore reads times to the second.
  await sleep(1500);
  const T = new Date();
  await sleep(1500);

  const carol = await signUp(api, 'carol');
  await postPhoto(alice.api, 'third, after T');
  await ok(carol.api.post(`/api/v1/statuses/${first.id}/favourite`));
  // Deleted through the API: its photo files are meant to outlive it for the restore window.
  await ok(bob.api.request('DELETE', `/api/v1/statuses/${bobs.id}`));
  // The operator's mistake.
  await sql(dataDir, `DELETE FROM accounts WHERE username = '${alice.username}'`);
  assert.notDeepEqual(await snapshot(dataDir, api, [bob]), atT);

  // The guards, each refused before anything changes.
  await refused(graminsta(stack, 'restore', '--from', repository, '--to', T.toISOString(), '--data-dir', dataDir),
    /server is running/);
  await stack.command('down');
  const control = readFileSync(join(dataDir, 'postgres', 'global', 'pg_control'));
  await refused(graminsta(stack, 'restore', '--from', repository, '--to', '2020-01-01 00:00:00 UTC', '--data-dir', dataDir),
    /outside the restorable window/);
  await refused(graminsta(stack, 'restore', '--from', join(stack.dir, 'nowhere'), '--to', T.toISOString(), '--data-dir', dataDir),
    /cannot be read/);
  const damaged = join(stack.dir, 'damaged');
  cpSync(repository, damaged, { recursive: true });
  const [id] = readdirSync(join(damaged, 'base'));
  truncateSync(join(damaged, 'base', id, 'base.tar.gz'), 1000);
  await refused(graminsta(stack, 'restore', '--from', damaged, '--to', T.toISOString(), '--data-dir', dataDir),
    /damaged/);
  assert.deepEqual(readFileSync(join(dataDir, 'postgres', 'global', 'pg_control')), control, 'the database was not touched');
  assert.ok(!readdirSync(dataDir).some((name) => name.startsWith('postgres.before-restore')), 'nothing was set aside');

  const restored = await graminsta(stack, 'restore', '--from', repository, '--to', T.toISOString(), '--data-dir', dataDir);
  assert.match(restored, /Restored to /);
  await stack.up(1);

  const after = await snapshot(dataDir, api, [alice, bob]);
  assert.deepEqual(after, atT);
  for (const statuses of Object.values(after.timelines)) {
    for (const url of statuses.flatMap((s) => s.media)) {
      const photo = await fetch(url);
      assert.equal(photo.status, 200, `${url} is served after the restore`);
      assert.ok((await photo.arrayBuffer()).byteLength > 1000);
    }
  }
  // The stack serves: the restored account signs in with its old token and posts.
  const again = await postPhoto(alice.api, 'after the restore');
  assert.equal(again.account.username, alice.username);
  assert.ok(existsSync(join(repository, 'wal')));
});
