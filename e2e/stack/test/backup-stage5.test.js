// The stacks' backups (docs/decisions/0020): pgBackRest with its repository in a bucket of the
// stage-5 stack's own S3 store. The restore drill of issue 11: posts and likes; the time T; more,
// a post deleted through the API and an account deleted by hand; `stack restore --to T`: counts
// and contents are those at T, the account is back with its photos, and the stack serves. The
// guards first: a target outside the window, an unreachable and a damaged repository are refused
// before anything stops. Then the schedule: stopped for the restore, started again after it with
// a short interval, it takes a full and an incremental backup by itself, and `stack down` stops
// it. Ports 18730 and up (the stage-1 drill has 18700; GRAMINSTA_STACK_TEST_PORT moves them).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Api, Stack, ok, postPhoto, signUp, sleep, stackLock } from '../support.js';

const run = promisify(execFile);
const BASE_PORT = Number(process.env.GRAMINSTA_STACK_TEST_PORT ?? 18730);

// A process that exited but was not reaped (no init reaps orphans in some containers) is gone.
function running(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function refused(promise, pattern) {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error, 'the command was refused');
  assert.match(error.message, pattern);
}

test('stage 5: stack restore --to T brings back the database as it was at T, photos included', { timeout: 1_200_000 }, async (t) => {
  const lock = await stackLock(1200);
  const stack = new Stack(BASE_PORT);
  t.after(async () => {
    try {
      await stack.destroy();
    } finally {
      lock.release();
    }
  });
  const sql = async (query) => {
    const { stdout } = await run('psql', ['-X', '-At', '-h', join(stack.dir, 'postgres'), '-p', String(BASE_PORT + 4),
      '-U', 'postgres', '-d', 'graminsta', '-c', query]);
    return stdout.trim();
  };
  const snapshot = async (api, people) => {
    const counts = await sql(`SELECT (SELECT count(*) FROM accounts) || ' ' || (SELECT count(*) FROM statuses)
      || ' ' || (SELECT count(*) FROM favourites) || ' ' || (SELECT count(*) FROM media_attachments)`);
    const rows = await sql(`SELECT string_agg(s.id || ':' || a.username || ':' || s.text, ',' ORDER BY s.id)
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
  };

  await stack.up(5, 1);
  const api = new Api(`http://127.0.0.1:${BASE_PORT + 1}`);
  const atStart = await stack.command('backups');
  assert.match(atStart, /Restorable window: /, 'a full backup was taken at start');
  assert.match(atStart, /Schedule: an incremental backup once the newest is 1 h old, a full one once the newest full is 7 d old\n {2}next: incr at /);
  const scheduler = join(stack.dir, 'backup-scheduler');
  const schedulerPid = () => Number(readFileSync(join(scheduler, 'pid'), 'utf8'));
  const before = schedulerPid();
  assert.ok(running(before), 'stack up started the schedule');

  const alice = await signUp(api, 'alice');
  const bob = await signUp(api, 'bob');
  const first = await postPhoto(alice.api, 'first at the lake');
  const bobs = await postPhoto(bob.api, 'bob before T');
  await ok(bob.api.post(`/api/v1/statuses/${first.id}/favourite`));
  await ok(alice.api.post(`/api/v1/statuses/${bobs.id}/favourite`));
  const atT = await snapshot(api, [alice, bob]);
  await sleep(1500);
  const T = new Date();
  await sleep(1500);

  const carol = await signUp(api, 'carol');
  await postPhoto(alice.api, 'second, after T');
  await ok(carol.api.post(`/api/v1/statuses/${first.id}/favourite`));
  await ok(bob.api.request('DELETE', `/api/v1/statuses/${bobs.id}`));
  await sql(`DELETE FROM accounts WHERE username = '${alice.username}'`);
  const mistake = await sql('SELECT count(*) FROM accounts');

  // Guards: nothing stops, nothing changes.
  await refused(stack.command('restore', '--to', '2020-01-01 00:00:00 UTC'), /outside the restorable window/);
  const s3 = join(stack.dir, 's3', 'data', 'graminsta-backups');
  const info = join(s3, 'pgbackrest', 'backup', 'graminsta');
  for (const name of readdirSync(info).filter((n) => n.startsWith('backup.info'))) renameSync(join(info, name), join(info, `${name}.moved`));
  await refused(stack.command('restore', '--to', T.toISOString()), /cannot be read/);
  for (const name of readdirSync(info).filter((n) => n.endsWith('.moved'))) renameSync(join(info, name), join(info, name.replace(/\.moved$/, '')));
  renameSync(s3, `${s3}.away`);
  await refused(stack.command('restore', '--to', T.toISOString()), /cannot be read/);
  renameSync(`${s3}.away`, s3);
  assert.equal(await sql('SELECT count(*) FROM accounts'), mistake, 'the running database was not touched');
  for (const component of (await stack.status()).components) assert.equal(component.health, 'up', component.name);

  // The restore stops the schedule and starts it again: with a short one from here on.
  stack.env.GRAMINSTA_STACK_BACKUP_INTERVAL = '8s';
  stack.env.GRAMINSTA_STACK_BACKUP_FULL_INTERVAL = '60s';
  const restored = await stack.command('restore', '--to', T.toISOString());
  assert.match(restored, /Restored to .* then the restored timeline's first backup in \d+ s/);
  assert.ok(!running(before), 'the restore stopped the schedule');
  const restarted = schedulerPid();
  assert.ok(running(restarted), 'and started it again');

  const after = await snapshot(api, [alice, bob]);
  assert.deepEqual(after, atT);
  for (const statuses of Object.values(after.timelines)) {
    for (const url of statuses.flatMap((s) => s.media)) {
      const photo = await fetch(url);
      assert.equal(photo.status, 200, `${url} is served after the restore`);
    }
  }
  const again = await postPhoto(alice.api, 'after the restore');
  assert.equal(again.account.username, alice.username);
  assert.match(await stack.command('backups'), /Restorable window: /);
  assert.ok(existsSync(s3));

  // The schedule alone: a full backup (the newest full is over 60 s old by now, or soon) and an
  // incremental one 8 s after the newest, each within a bound.
  const scheduled = () => readFileSync(join(scheduler, 'log'), 'utf8').split('started: ').at(-1);
  for (let waited = 0; !/full backup ok/.test(scheduled()) || !/incr backup ok/.test(scheduled()); waited += 1) {
    assert.ok(waited < 120, `the schedule took a full and an incremental backup within 2 minutes:\n${scheduled()}`);
    await sleep(1000);
  }
  assert.match(scheduled(), /^incremental every 8 s, full every 60 s/);
  assert.doesNotMatch(scheduled(), /failed/);
  assert.match(readFileSync(join(scheduler, 'log'), 'utf8'), /stopped\n(.|\n)*started: incremental every 8 s/, 'stopped before the restore');
  const listed = await stack.command('backups');
  assert.match(listed, /Schedule: an incremental backup once the newest is 8 s old, a full one once the newest full is 1 min old/);
  assert.match(listed, /last scheduled: (full|incr) at .*, ok in \d+ s/);
  // Two fulls are kept (repo1-retention-full): the scheduled one and the one before it.
  assert.equal(listed.match(/^ {2}\S+F +full /gm).length, 2, listed);

  await stack.command('down');
  assert.ok(!running(restarted), 'stack down stopped the schedule');
});
