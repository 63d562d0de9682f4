// What the failover test and the failover benchmark share: a stream of posts sent as a phone
// client sends them (each with an Idempotency-Key, sent again with the same key until answered),
// readers beside it, and the loss of a stage-6 PostgreSQL node: its Patroni and its PostgreSQL
// killed with SIGKILL at once, as when its machine dies.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sleep, suffix } from './support.js';

const run = promisify(execFile);

/**
 * Posts one after another per writer, each a comment on `postId` (a post needs a photo; a
 * comment is a status all the same, and takes the same Idempotency-Key); a post that fails is
 * sent again with its key until answered.
 */
export class PostStream {
  constructor(api, postId, { writers = 3, attemptTimeoutMs = 20_000, retryPauseMs = 200 } = {}) {
    this.api = api;
    this.postId = postId;
    this.writers = writers;
    this.attemptTimeoutMs = attemptTimeoutMs;
    this.retryPauseMs = retryPauseMs;
    this.tag = `failover-${suffix()}`;
    this.posts = []; // { key, text, id, attempts: [{ sentAt, endedAt, status }] }
    this.running = false;
  }

  start() {
    this.running = true;
    this.loops = Array.from({ length: this.writers }, (_, writer) => this.loop(writer));
    return this;
  }

  /** Stops sending new posts; a post still unanswered is sent again until answered or `withinMs` ends. */
  async stop(withinMs = 30_000) {
    this.running = false;
    this.deadline = Date.now() + withinMs;
    await Promise.all(this.loops);
    return this;
  }

  async loop(writer) {
    for (let n = 0; this.running; n++) {
      const post = { key: randomUUID(), text: `${this.tag} ${writer}-${n}`, id: null, attempts: [] };
      this.posts.push(post);
      while (!post.id && (this.running || Date.now() < this.deadline)) {
        const attempt = { sentAt: Date.now(), endedAt: null, status: null };
        post.attempts.push(attempt);
        try {
          const response = await this.api.post('/api/v1/statuses', {
            json: { status: post.text, in_reply_to_id: this.postId },
            headers: { 'Idempotency-Key': post.key },
            timeoutMs: this.attemptTimeoutMs,
          });
          attempt.status = response.status;
          if (response.status === 200) post.id = response.body.id;
        } catch (error) {
          attempt.status = error.name ?? 'error';
        }
        attempt.endedAt = Date.now();
        if (!post.id) await sleep(this.retryPauseMs);
      }
    }
  }

  get answered() {
    return this.posts.filter((p) => p.id);
  }

  /** When writes came back: the first answer (200) to an attempt sent after `since`. */
  resumedAt(since) {
    const answers = this.posts.flatMap((p) => p.attempts)
      .filter((a) => a.status === 200 && a.sentAt > since)
      .map((a) => a.endedAt);
    return answers.length ? Math.min(...answers) : null;
  }

  /** Attempts that failed (any answer but 200, or none). */
  get failedAttempts() {
    return this.posts.flatMap((p) => p.attempts).filter((a) => a.status !== 200 && a.endedAt);
  }
}

/** Readers of what the replicas serve; every failure is kept. */
export class Readers {
  constructor(api, paths, { workers = 3, timeoutMs = 30_000 } = {}) {
    this.api = api;
    this.paths = paths;
    this.workers = workers;
    this.timeoutMs = timeoutMs;
    this.ok = 0;
    this.failed = []; // { path, at, status }
    this.slowestMs = 0;
  }

  start() {
    this.running = true;
    this.loops = Array.from({ length: this.workers }, async (_, worker) => {
      for (let i = worker; this.running; i++) {
        const path = this.paths[i % this.paths.length];
        const started = Date.now();
        try {
          const response = await this.api.get(path, { timeoutMs: this.timeoutMs });
          if (response.status === 200) this.ok++;
          else this.failed.push({ path, at: started, status: response.status });
        } catch (error) {
          this.failed.push({ path, at: started, status: error.name ?? 'error' });
        }
        this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
        await sleep(50);
      }
    });
    return this;
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
    return this;
  }
}

/** The stage-6 PostgreSQL node that is primary now, from `stack status`. */
export async function primaryNode(stack) {
  const nodes = (await stack.status()).components.filter((c) => c.name.startsWith('postgres'));
  return nodes.find((c) => c.role === 'primary');
}

/** Patroni's view of the cluster from any node that answers: the leader's name, or null. */
export async function leaderOf(status) {
  for (const node of status.components.filter((c) => c.name.startsWith('postgres'))) {
    try {
      const response = await fetch(`http://127.0.0.1:${node.patroni_port}/cluster`, { signal: AbortSignal.timeout(2_000) });
      const cluster = await response.json();
      const leader = cluster.members.find((m) => m.role === 'leader' && m.state === 'running');
      if (leader) return leader.name;
    } catch { /* that node is down; ask the next */ }
  }
  return null;
}

/**
 * The node's machine dies: its Patroni (so nothing restarts PostgreSQL or hands the leader lock
 * over), its postmaster and every backend get SIGKILL. Returns when they were sent.
 */
export async function killNode(stackDir, node) {
  const postmaster = Number(readFileSync(join(stackDir, node.name, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).catch(() => ({ stdout: '' }));
  const pids = [node.pid, postmaster, ...stdout.split('\n').map((l) => Number(l.trim())).filter(Boolean)];
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
  }
}
