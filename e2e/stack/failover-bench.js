// How long stage 6 takes to fail over: the primary's node killed (Patroni and PostgreSQL, SIGKILL)
// under a stream of posts, three times; for each, the time until Patroni names a new leader and
// until the first post sent after the kill is answered, then the median of each. Between rounds
// `stack up 6` brings the lost node back as a replica. A benchmark, not a test: it is not part of
// `./graminsta test`; run it by hand on a quiet machine:
//
//   node e2e/stack/failover-bench.js            # a stack of its own on ports 18800 and up
//   GRAMINSTA_STACK_DIR=.stack GRAMINSTA_STACK_PORT=18000 node e2e/stack/failover-bench.js
//                                               # a running stage-6 stack (left running)
import { rmSync } from 'node:fs';
import { killNode, leaderOf, PostStream, primaryNode } from './failover.js';
import { Api, postPhoto, signUp, sleep, Stack, stackLock } from './support.js';

const ROUNDS = 3;
const GIVE_UP_MS = 60_000;

const own = !process.env.GRAMINSTA_STACK_DIR;
const stack = new Stack(Number(process.env.GRAMINSTA_STACK_PORT ?? 18800));
if (!own) {
  rmSync(stack.dir, { recursive: true, force: true });
  stack.dir = process.env.GRAMINSTA_STACK_DIR;
  stack.env.GRAMINSTA_STACK_DIR = stack.dir;
}

const lock = own ? await stackLock(1_200) : { release() {} };
try {
  const status = await stack.up(6, 2);
  const lb = new Api(status.components.find((c) => c.name === 'lb').url);
  const writer = await signUp(lb, 'bench');
  const post = await postPhoto(writer.api, 'Comments through failovers');
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    rounds.push(await failOver(round, writer, post.id));
    await stack.up(6, 2); // the lost node back, as a replica
    await sleep(3_000);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const leaders = rounds.map((r) => r.leaderMs);
  const writes = rounds.map((r) => r.writesMs);
  console.log(`new leader after: ${leaders.join(', ')} ms; median ${median(leaders)} ms`);
  console.log(`writes resumed after: ${writes.join(', ')} ms; median ${median(writes)} ms`);
} finally {
  if (own) await stack.destroy();
  lock.release();
}

async function failOver(round, writer, postId) {
  const lost = await primaryNode(stack);
  const posts = new PostStream(writer.api, postId, { writers: 2 }).start();
  try {
    await sleep(2_000);
    await killNode(stack.dir, lost);
    const killedAt = Date.now();
    let leaderMs;
    let resumedAt;
    while (!leaderMs || !resumedAt) {
      if (Date.now() - killedAt > GIVE_UP_MS) throw new Error(`round ${round}: no failover within ${GIVE_UP_MS} ms`);
      const leader = leaderMs ? null : await leaderOf(await stack.status());
      if (leader && leader !== lost.name) leaderMs = Date.now() - killedAt;
      resumedAt = posts.resumedAt(killedAt);
      await sleep(100);
    }
    const writesMs = resumedAt - killedAt;
    console.log(`round ${round}: ${lost.name} killed; a new leader after ${leaderMs} ms, writes resumed after ${writesMs} ms`);
    return { leaderMs, writesMs };
  } finally {
    await posts.stop();
  }
}
