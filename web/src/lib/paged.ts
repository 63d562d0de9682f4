// A list loaded page by page through the API's `Link` headers: feeds, grids, notifications,
// follower lists. Lists live outside components, so going back to a feed finds it as it was.
import type { Page } from '../api/client';
import { ApiError } from '../api/client';

export interface PagedState<T> {
  items: T[];
  /** URL of the next (older) page; null when the end is reached. */
  next: string | null;
  loading: boolean;
  error: string | null;
  /** True once the first page has arrived. */
  loaded: boolean;
}

/** Appends a page, skipping items already present (pages can overlap when new posts arrive). */
export function appendUnique<T extends { id: string }>(items: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(items.map((item) => item.id));
  return [...items, ...page.filter((item) => !seen.has(item.id))];
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export class PagedList<T extends { id: string }> {
  state: PagedState<T> = { items: [], next: null, loading: false, error: null, loaded: false };
  private listeners = new Set<(state: PagedState<T>) => void>();
  private generation = 0;

  constructor(
    private readonly first: () => Promise<Page<T>>,
    private readonly more: (url: string) => Promise<Page<T>>,
  ) {}

  subscribe(listener: (state: PagedState<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(changes: Partial<PagedState<T>>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener(this.state);
  }

  get hasMore(): boolean {
    return !this.state.loaded || this.state.next !== null;
  }

  /** Loads the first page, or the next one; does nothing while a load runs or at the end. */
  async load(): Promise<void> {
    if (this.state.loading || !this.hasMore) {
      return;
    }
    const generation = this.generation;
    const next = this.state.next;
    this.set({ loading: true, error: null });
    try {
      const page = this.state.loaded && next ? await this.more(next) : await this.first();
      if (generation !== this.generation) return;
      // An empty page ends the list even if the server still sent a next link.
      this.set({
        items: appendUnique(this.state.items, page.items),
        next: page.items.length ? page.next : null,
        loading: false,
        loaded: true,
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.set({ loading: false, error: messageOf(error) });
    }
  }

  /** Starts over from the newest items (after posting, or on request); old items stay until it arrives. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.set({ loading: true, error: null });
    try {
      const page = await this.first();
      if (generation !== this.generation) return;
      this.set({
        items: appendUnique([], page.items),
        next: page.items.length ? page.next : null,
        loading: false,
        loaded: true,
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.set({ loading: false, error: messageOf(error) });
    }
  }

  /** Replaces an item in place (a like changed its counts). */
  update(item: T): void {
    if (this.state.items.some((existing) => existing.id === item.id)) {
      this.set({ items: this.state.items.map((existing) => (existing.id === item.id ? item : existing)) });
    }
  }

  remove(id: string): void {
    if (this.state.items.some((existing) => existing.id === id)) {
      this.set({ items: this.state.items.filter((existing) => existing.id !== id) });
    }
  }

  prepend(item: T): void {
    this.set({ items: [item, ...this.state.items.filter((existing) => existing.id !== item.id)] });
  }

  /** Puts newer items at the top, in their order, each id once (live posts the reader asked to see). */
  prependAll(items: readonly T[]): void {
    const added = new Set(items.map((item) => item.id));
    this.set({ items: [...items, ...this.state.items.filter((existing) => !added.has(existing.id))] });
  }
}
