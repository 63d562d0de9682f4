// Stage 6's restore goes through Patroni (docs/decisions/0035). Posts; the time T; more posts and
// an account deleted by hand; then the primary's node killed with SIGKILL, so that Patroni promotes
// the synchronous standby. `stack backup` and `stack backups` then work against the new leader,
// a target outside the window is refused with the stack untouched, and `stack restore --to T`
// brings back exactly the database at T, with Patroni running all three nodes afterwards (one
// primary, a synchronous standby, every replica streaming) and the app serving. Bounded to nine
// minutes (a hang, not a speed) once it holds /tmp/graminsta-stack.lock, which it keeps while its
// stack runs.
// Ports 18700 and up, which with stage 6's +94 stay below the failover test's 18800
// (GRAMINSTA_RESTORE6_TEST_PORT moves them).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { killNode, leaderOf, primaryNode } from '../failover.js';
import { Api, ok, postPhoto, signUp, sleep, Stack, stackLock } from '../support.js';

const run = promisify(execFile);
const BASE_PORT = Number(process.env.GRAMINSTA_RESTORE6_TEST_PORT ?? 18700);

async function refused(promise, pattern) {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error, 'the command was refused');
  assert.match(error.message, pattern);
}

const stack = new Stack(BASE_PORT);
let lock;
// The wait for another test's stack is not the test's time.
before(async () => { lock = await stackLock(900); }, { timeout: 1_800_000 });
after(async () => {
  try {
    await stack.destroy();
  } finally {
    lock?.release();
  }
});

test('stage 6: stack restore --to T after a failover brings back the database at T under Patroni', { timeout: 540_000 }, async (t) => {
  // As the superuser over the socket of the node that is primary now.
  const sql = async (query) => {
    const primary = await primaryNode(stack);
    assert.ok(primary, 'a node is primary');
    const { stdout } = await run('psql', ['-X', '-At', '-h', join(stack.dir, primary.name), '-p', String(primary.port),
      '-U', 'postgres', '-d', 'graminsta', '-c', query]);
    return stdout.trim();
  };
  const snapshot = () => sql(`SELECT (SELECT count(*) FROM accounts) || ' ' || (SELECT count(*) FROM statuses) || ' '
    || (SELECT string_agg(s.id || ':' || a.username || ':' || s.text, ',' ORDER BY s.id) FROM statuses s JOIN accounts a ON a.id = s.account_id)`);
  const post = (person, caption) => postPhoto(person.api, caption);
  const started = Date.now();

  await stack.up(6, 1);
  const api = new Api(`http://127.0.0.1:${BASE_PORT + 1}`);
  const alice = await signUp(api, 'alice');
  const bob = await signUp(api, 'bob');
  await post(alice, 'alice before T');
  await post(bob, 'bob before T');
  const atT = await snapshot();
  await sleep(1500);
  const T = new Date();
  await sleep(1500);

  const carol = await signUp(api, 'carol');
  await post(carol, 'carol after T');
  await post(bob, 'bob after T');
  await sql(`DELETE FROM accounts WHERE username = '${alice.username}'`);
  const mistake = await snapshot();
  assert.notEqual(mistake, atT);

  // The primary's node dies; the synchronous standby takes over.
  const lost = await primaryNode(stack);
  await killNode(stack.dir, lost);
  const killedAt = Date.now();
  let leader;
  while (!leader || leader.name === lost.name) {
    assert.ok(Date.now() - killedAt < 60_000, 'another node became primary within 60 s');
    await sleep(1000);
    leader = await primaryNode(stack);
  }
  t.diagnostic(`${leader.name} took over from ${lost.name} in ${Date.now() - killedAt} ms`);

  // Backups follow the leader.
  assert.match(await stack.command('backup'), /Backup \(incr\) taken in \d+ s\.(.|\n)*Restorable window: /);
  assert.match(await stack.command('backups'), /Restorable window: /);

  // A target outside the window: refused before anything stops.
  await refused(stack.command('restore', '--to', '2020-01-01 00:00:00 UTC'), /outside the restorable window/);
  assert.equal((await primaryNode(stack))?.name, leader.name, 'the leader still runs');
  assert.equal(await snapshot(), mistake, 'the running database was not touched');

  const restoreStarted = Date.now();
  const restored = await stack.command('restore', '--to', T.toISOString());
  assert.match(restored, /Restoring to .* through Patroni/);
  assert.match(restored, /Restored to .* back up in \d+ s/);
  t.diagnostic(`stack restore took ${Date.now() - restoreStarted} ms`);

  // Patroni runs all three nodes: one primary with a synchronous standby, every replica streaming.
  const status = await stack.status();
  const nodes = status.components.filter((c) => c.name.startsWith('postgres'));
  assert.equal(nodes.length, 3);
  for (const node of nodes) assert.equal(node.health, 'up', `${node.name} is up`);
  const primaries = nodes.filter((n) => n.role === 'primary');
  assert.equal(primaries.length, 1, 'one primary');
  assert.equal(await leaderOf(status), primaries[0].name, 'Patroni names it the leader');
  assert.ok(primaries[0].synchronous_standby, 'the primary has a synchronous standby');
  for (const node of nodes.filter((n) => n.role !== 'primary')) assert.equal(node.streaming, true, `${node.name} streams`);
  const cluster = await (await fetch(`http://127.0.0.1:${primaries[0].patroni_port}/cluster`)).json();
  assert.equal(cluster.members.filter((m) => ['running', 'streaming'].includes(m.state)).length, 3, JSON.stringify(cluster.members));

  assert.equal(await snapshot(), atT, 'the database is as it was at T');
  for (const component of status.components) assert.equal(component.health, 'up', component.name);
  const account = await ok(api.get(`/api/v1/accounts/lookup?acct=${alice.username}`));
  assert.equal(account.username, alice.username, 'the deleted account is back');
  await post(alice, 'alice after the restore');
  assert.match(await stack.command('backups'), /Restorable window: /);
  t.diagnostic(`the whole test took ${Date.now() - started} ms`);
});
