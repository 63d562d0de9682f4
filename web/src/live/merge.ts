// Posts and notifications reach the app twice over, by design: an event on the socket and the
// catch-up fetch after a reconnect overlap (anything published between the socket opening and the
// fetch arriving comes both ways), and the app's own post arrives from the API and the stream.
// Ids are what makes them one: Mastodon ids are numbers as decimal strings, newer ones larger.

/** Orders two ids as numbers (a longer id is the larger), without losing digits to floats. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest of some ids, or null when there are none. */
export function newestId(...ids: (string | null | undefined)[]): string | null {
  let newest: string | null = null;
  for (const id of ids) {
    if (id && (newest === null || compareIds(id, newest) > 0)) newest = id;
  }
  return newest;
}

/**
 * `incoming` added to `held`, newest first, each id once (the later copy wins: it is the fresher
 * rendering), leaving out any id in `shown` (already on screen).
 */
export function mergeNewest<T extends { id: string }>(held: readonly T[], incoming: readonly T[], shown: ReadonlySet<string> = new Set()): T[] {
  const byId = new Map<string, T>();
  for (const item of [...held, ...incoming]) {
    if (!shown.has(item.id)) byId.set(item.id, item);
  }
  return [...byId.values()].sort((a, b) => compareIds(b.id, a.id));
}
