// Stage 6: read replicas and a Redis Cluster. Read-only transactions go to two streaming replicas;
// each writer's last commit position is kept in the cluster, so that a writer reads its own post,
// like and profile edit at once, through any instance, while both replicas replay every commit
// five seconds late; the others see them within the delay and a margin. A replica killed under
// reads fails no request, and `stack up` brings it back. Bounded to three minutes; it holds
// /tmp/graminsta-stack.lock while its stack runs, unless its caller already does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Load } from '../load.js';
import { Api, ok, postPhoto, signUp, sleep, Stack, stackLock, uploadPhoto } from '../support.js';

const run = promisify(execFile);
const DELAY_MS = 5_000;
// The stack's local superuser password (stack/stack.sh).
const PGPASSWORD = 'graminsta-local';

describe('stage 6: read replicas with read-your-writes, and a Redis Cluster', { timeout: 180_000 }, () => {
  const stack = new Stack(Number(process.env.GRAMINSTA_STACK_TEST_PORT ?? 18600));
  let lock;
  let lb;
  let status;
  let alice;
  let bob;

  before(async () => {
    lock = await stackLock();
    status = await stack.up(6, 2);
    lb = new Api(status.components.find((c) => c.name === 'lb').url);
    [alice, bob] = await Promise.all([signUp(lb, 'alice'), signUp(lb, 'bob')]);
  });

  after(async () => {
    try {
      await stack.destroy();
    } finally {
      lock?.release();
    }
  });

  test('status lists each PostgreSQL and each Redis node with its role and lag', async () => {
    const byName = Object.fromEntries(status.components.map((c) => [c.name, c]));
    assert.equal(byName.postgres.role, 'primary');
    assert.equal(byName.postgres.streaming_replicas, 2);
    for (const name of ['postgres-replica-1', 'postgres-replica-2']) {
      assert.equal(byName[name].role, 'replica', name);
      assert.equal(byName[name].streaming, true, name);
      assert.ok(Number.isInteger(byName[name].lag_bytes), `${name} lag in bytes`);
      assert.equal(typeof byName[name].lag_seconds, 'number', `${name} lag in seconds`);
    }
    const redis = status.components.filter((c) => c.name.startsWith('redis-'));
    assert.equal(redis.length, 6);
    assert.equal(redis.filter((c) => c.role === 'primary').length, 3);
    assert.equal(redis.filter((c) => c.role === 'replica').length, 3);
    for (const node of redis) {
      assert.equal(node.health, 'up', node.name);
      if (node.role === 'replica') assert.equal(node.link, 'up', `${node.name} follows its primary`);
    }
  });

  test('the instances read the replicas and keep writers\' positions in the cluster', async () => {
    for (const instance of status.components.filter((c) => c.name.startsWith('instance-'))) {
      const metrics = await (await fetch(`http://127.0.0.1:${instance.management_port}/actuator/prometheus`)).text();
      const online = [...metrics.matchAll(/^graminsta_database_replica_online\{.*\} (\S+)$/gm)].map((m) => Number(m[1]));
      assert.deepEqual(online, [1, 1], `${instance.name} has both replicas in its rotation`);
    }
    const me = await ok(alice.api.get('/api/v1/accounts/verify_credentials'));
    await ok(alice.api.request('PATCH', '/api/v1/accounts/update_credentials', { json: { note: 'In the cluster' } }));
    const node = status.components.find((c) => c.name === 'redis-1');
    const { stdout } = await run('redis-cli', ['-c', '-p', String(node.port), 'get', `graminsta:write-lsn:${me.id}`]);
    assert.match(stdout.trim(), /^\d+$/, 'the last commit position of the writer, in the cluster');
  });

  test('with both replicas 5 s behind, a writer reads its own writes at once and the others within the delay', async (t) => {
    const bobsPost = await postPhoto(bob.api, 'Before the delay');
    const photo = await uploadPhoto(alice.api);
    await caughtUp();
    await delayReplicas(DELAY_MS);
    try {
      const post = await ok(alice.api.post('/api/v1/statuses', { json: { status: 'Late replicas', media_ids: [photo.id], visibility: 'public' } }));
      await ok(alice.api.post(`/api/v1/statuses/${bobsPost.id}/favourite`));
      await ok(alice.api.request('PATCH', '/api/v1/accounts/update_credentials', { json: { display_name: 'Alice Later' } }));
      const written = Date.now();

      assert.equal((await bob.api.get(`/api/v1/statuses/${post.id}`)).status, 404, 'the replicas have not replayed it yet');
      // The writer, through both instances and both replicas in turn.
      for (let i = 0; i < 4; i++) {
        assert.equal((await alice.api.get(`/api/v1/statuses/${post.id}`)).status, 200);
        assert.equal((await ok(alice.api.get(`/api/v1/statuses/${bobsPost.id}`))).favourited, true);
        assert.equal((await ok(alice.api.get('/api/v1/accounts/verify_credentials'))).display_name, 'Alice Later');
        const home = await ok(alice.api.get('/api/v1/timelines/home'));
        assert.ok(home.some((s) => s.id === post.id), 'the new post is on the writer\'s home timeline');
      }

      // Everyone else, once the replicas have replayed the writes: within the delay and a margin.
      let seen;
      while (!seen) {
        const [status, liked, profile] = await Promise.all([
          bob.api.get(`/api/v1/statuses/${post.id}`),
          bob.api.get(`/api/v1/statuses/${bobsPost.id}`),
          bob.api.get(`/api/v1/accounts/${post.account.id}`),
        ]);
        if (status.status === 200 && liked.body.favourites_count === 1 && profile.body.display_name === 'Alice Later') {
          seen = Date.now() - written;
        } else {
          assert.ok(Date.now() - written < DELAY_MS + 5_000, 'others see the writes within the delay and 5 s');
          await sleep(200);
        }
      }
      assert.ok(seen >= DELAY_MS - 1_000, `others saw the post only once replayed (after ${seen} ms)`);
      t.diagnostic(`others saw the writes ${seen} ms after them`);
    } finally {
      await delayReplicas(0);
    }
  });

  test('a replica killed under reads fails no request, and stack up brings it back', async (t) => {
    const post = await postPhoto(alice.api, 'Read under a crash');
    const carol = await signUp(lb, 'carol');
    await caughtUp();
    await sleep(1_500); // carol's sign-up has been replayed: her reads go to the replicas
    const before = await replicaReads();
    const load = new Load(carol.api, post.id, { workers: 6, commentEvery: Number.MAX_SAFE_INTEGER }).start();
    try {
      await sleep(2_000);
      await crash('postgres-replica-1');
      await sleep(4_000);
    } finally {
      await load.stop();
    }
    assert.deepEqual(load.reads.failed, []);
    assert.ok(load.reads.ok > 50, `reads went on (${load.reads.ok})`);
    const onReplicas = await replicaReads() - before;
    assert.ok(onReplicas > 0, 'the reads went to the replicas');
    t.diagnostic(`${load.reads.ok} reads (${onReplicas} read-only transactions on replicas), none failed, across the crash of postgres-replica-1`);

    const started = Date.now();
    const back = await stack.up(6, 2);
    t.diagnostic(`stack up brought the replica back in ${Date.now() - started} ms`);
    const replica = back.components.find((c) => c.name === 'postgres-replica-1');
    assert.equal(replica.role, 'replica');
    assert.equal(replica.streaming, true);
  });

  /** Read-only transactions the instances have run on replicas so far. */
  async function replicaReads() {
    let total = 0;
    for (const instance of status.components.filter((c) => c.name.startsWith('instance-'))) {
      const metrics = await (await fetch(`http://127.0.0.1:${instance.management_port}/actuator/prometheus`)).text();
      total += Number(/^graminsta_database_reads_total\{on="replica"\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
    }
    return total;
  }

  /** Kills a PostgreSQL's postmaster and every backend with SIGKILL: a crash, not a shutdown. */
  async function crash(name) {
    const component = (await stack.status()).components.find((c) => c.name === name);
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(component.pid)]);
    process.kill(component.pid, 'SIGKILL');
    for (const pid of stdout.split('\n').map((line) => Number(line.trim())).filter(Boolean)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
    }
  }

  async function psql(name, sql) {
    const component = status.components.find((c) => c.name === name);
    const { stdout } = await run('psql', ['-X', '-q', '-t', '-A', '-h', '127.0.0.1', '-p', String(component.port),
      '-U', 'postgres', '-d', 'postgres', '-c', sql], { env: { ...process.env, PGPASSWORD } });
    return stdout.trim();
  }

  async function delayReplicas(ms) {
    for (const name of ['postgres-replica-1', 'postgres-replica-2']) {
      await psql(name, `ALTER SYSTEM SET recovery_min_apply_delay = '${ms}ms'`);
      await psql(name, 'SELECT pg_reload_conf()');
    }
  }

  /** Until both replicas have replayed all the primary has written, and the instances have checked. */
  async function caughtUp() {
    const target = await psql('postgres', 'SELECT pg_current_wal_lsn()');
    for (const name of ['postgres-replica-1', 'postgres-replica-2']) {
      for (let i = 0; (await psql(name, `SELECT pg_last_wal_replay_lsn() >= '${target}'`)) !== 't'; i++) {
        assert.ok(i < 150, `${name} replays up to ${target}`);
        await sleep(100);
      }
    }
    await sleep(1_500); // the instances check each replica every second
  }
});
