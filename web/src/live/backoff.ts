// How long to wait before each reconnect. Doubling keeps a client from hammering a server that is
// down; the cap keeps it from waiting minutes once the server is back; the jitter spreads out the
// thousands of clients a restarted server dropped at the same moment, so they do not all come
// back in the same second.

export interface Backoff {
  /** The ceiling of the first retry, in milliseconds. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

export const RECONNECT_BACKOFF: Backoff = { baseMs: 1_000, capMs: 30_000 };

/**
 * The wait before retry number `attempt` (0 for the first): a ceiling of base × 2^attempt, capped,
 * and a random point in its upper half ("equal jitter"), so no wait is ever shorter than half its
 * ceiling and a failing server still sees requests thin out.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, backoff: Backoff = RECONNECT_BACKOFF): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
