// A steady, bounded load through the load balancer: reads (timelines, a post, the signed-in
// account) and comments, posted with an Idempotency-Key as a phone client sends them or without
// one as a simpler client does. Each request's outcome is kept, so a test can say exactly what
// failed.
import { randomUUID } from 'node:crypto';
import { sleep } from './support.js';

export class Load {
  /**
   * @param api a signed-in Api on the load balancer
   * @param postId the post that reads fetch and comments answer
   * @param postAttempts how often a failed comment is sent again with the same key (a client
   *   that lost its connection does that; 1 means never)
   * @param keyless every how many comments one goes without an Idempotency-Key (and so is never
   *   sent again); 0 means all have one
   * @param commentEvery every how many requests of a worker one is a comment
   */
  constructor(api, postId, { postAttempts = 1, workers = 6, keyless = 0, commentEvery = 4 } = {}) {
    this.api = api;
    this.postId = postId;
    this.postAttempts = postAttempts;
    this.workers = workers;
    this.keyless = keyless;
    this.commentEvery = commentEvery;
    this.reads = { ok: 0, failed: [] };
    this.comments = []; // { key, keyed, text, attempts, status }
    this.timings = []; // { at, ms }: when each request (read or comment attempt) ended, and how long it took
    this.running = false;
  }

  start() {
    this.running = true;
    this.loops = Array.from({ length: this.workers }, (_, worker) => this.loop(worker, this.commentEvery, () => this.running));
    return this;
  }

  async stop() {
    this.running = false;
    await Promise.all([...this.loops, ...(this.surges ?? [])]);
    return this;
  }

  /**
   * More clients at once, for a while, counted with the rest: a wave of activity (a popular post
   * drawing comments) while something else happens. Ends at stop() or when the load stops.
   * @param commentEvery every how many requests of a surging client one is a comment (1: all)
   */
  surge(workers, { commentEvery = this.commentEvery } = {}) {
    let surging = true;
    const loops = Array.from({ length: workers }, (_, worker) =>
      this.loop(worker, commentEvery, () => surging && this.running));
    const done = Promise.all(loops);
    (this.surges ??= []).push(done);
    return {
      async stop() {
        surging = false;
        await done;
      },
    };
  }

  get failedComments() {
    return this.comments.filter((c) => c.status !== 200);
  }

  async loop(worker, commentEvery, running) {
    const reads = [
      '/api/v1/timelines/public?limit=5',
      `/api/v1/statuses/${this.postId}`,
      '/api/v1/accounts/verify_credentials',
    ];
    for (let i = 0; running(); i++) {
      if ((i + worker) % commentEvery === commentEvery - 1) {
        await this.comment();
      } else {
        await this.read(reads[i % reads.length]);
      }
    }
  }

  /**
   * The 99th percentile of the durations of the requests that ended in [from, to) (epoch ms),
   * and how many there were.
   */
  p99(from = 0, to = Infinity) {
    const durations = this.timings.filter((t) => t.at >= from && t.at < to).map((t) => t.ms).sort((a, b) => a - b);
    return { p99: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.99))], count: durations.length };
  }

  async timed(send) {
    const started = performance.now();
    try {
      return await send();
    } finally {
      this.timings.push({ at: Date.now(), ms: performance.now() - started });
    }
  }

  async read(path) {
    try {
      const response = await this.timed(() => this.api.get(path, { timeoutMs: 20_000 }));
      if (response.status === 200) this.reads.ok++;
      else this.reads.failed.push({ path, status: response.status, body: response.body });
    } catch (error) {
      this.reads.failed.push({ path, error: String(error.cause ?? error), cutAfterStatus: error.cutAfterStatus });
    }
  }

  async comment() {
    const key = randomUUID();
    const keyed = !(this.keyless && this.comments.length % this.keyless === this.keyless - 1);
    const comment = { key, keyed, text: `load ${key}`, attempts: 0, status: null };
    this.comments.push(comment);
    // Without a key, sending again could post twice: one attempt only.
    const attempts = keyed ? this.postAttempts : 1;
    while (comment.attempts < attempts) {
      comment.attempts++;
      try {
        const response = await this.timed(() => this.api.post('/api/v1/statuses', {
          json: { status: comment.text, in_reply_to_id: this.postId },
          headers: keyed ? { 'Idempotency-Key': key } : {},
          timeoutMs: 20_000,
        }));
        comment.status = response.status;
        comment.id = response.body?.id;
        if (response.status === 200) return;
        comment.error = response.body;
      } catch (error) {
        comment.status = 'error';
        comment.error = String(error.cause ?? error);
      }
      await sleep(200);
    }
  }
}
