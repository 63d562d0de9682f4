import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Page } from '../api/client';
import { appendUnique, PagedList } from './paged';

type Item = { id: string };
const page = (ids: string[], next: string | null): Page<Item> => ({ items: ids.map((id) => ({ id })), next, prev: null });

describe('paged lists', () => {
  it('follows next links until a page has none', async () => {
    const first = vi.fn(async () => page(['3', '2'], 'https://api.test/p?max_id=2'));
    const more = vi.fn(async (url: string) => (url.endsWith('max_id=2') ? page(['1'], null) : page([], null)));
    const list = new PagedList<Item>(first, more);
    await list.load();
    await list.load();
    await list.load();
    expect(list.state.items.map((item) => item.id)).toEqual(['3', '2', '1']);
    expect(first).toHaveBeenCalledTimes(1);
    expect(more).toHaveBeenCalledTimes(1);
    expect(list.hasMore).toBe(false);
  });

  it('stops at an empty page even when it carries a next link', async () => {
    const list = new PagedList<Item>(async () => page([], 'https://api.test/p?max_id=1'), vi.fn());
    await list.load();
    expect(list.hasMore).toBe(false);
  });

  it('ignores a second load while one is running', async () => {
    let resolve!: (value: Page<Item>) => void;
    const first = vi.fn(() => new Promise<Page<Item>>((r) => (resolve = r)));
    const list = new PagedList<Item>(first, vi.fn());
    const loading = list.load();
    void list.load();
    resolve(page(['1'], null));
    await loading;
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('keeps the error message and can try again', async () => {
    const first = vi
      .fn<() => Promise<Page<Item>>>()
      .mockRejectedValueOnce(new ApiError(500, 'The server had a problem.'))
      .mockResolvedValueOnce(page(['1'], null));
    const list = new PagedList<Item>(first, vi.fn());
    await list.load();
    expect(list.state.error).toBe('The server had a problem.');
    await list.load();
    expect(list.state.error).toBeNull();
    expect(list.state.items).toEqual([{ id: '1' }]);
  });

  it('skips items that overlapping pages repeat', () => {
    expect(appendUnique([{ id: '3' }, { id: '2' }], [{ id: '2' }, { id: '1' }])).toEqual([{ id: '3' }, { id: '2' }, { id: '1' }]);
  });

  it('updates, removes and prepends items and tells subscribers', async () => {
    const list = new PagedList<Item & { n?: number }>(async () => ({ items: [{ id: '1' }, { id: '2' }], next: null, prev: null }), vi.fn());
    const seen: number[] = [];
    list.subscribe((state) => seen.push(state.items.length));
    await list.load();
    list.update({ id: '1', n: 5 });
    list.remove('2');
    list.prepend({ id: '9' });
    expect(list.state.items).toEqual([{ id: '9' }, { id: '1', n: 5 }]);
    expect(seen.at(-1)).toBe(2);
  });

  it('refreshes from the first page and keeps the old items if that fails', async () => {
    const first = vi
      .fn<() => Promise<Page<Item>>>()
      .mockResolvedValueOnce(page(['1'], null))
      .mockRejectedValueOnce(new ApiError(0, 'offline'))
      .mockResolvedValueOnce(page(['2', '1'], null));
    const list = new PagedList<Item>(first, vi.fn());
    await list.load();
    await list.refresh();
    expect(list.state.items).toEqual([{ id: '1' }]);
    expect(list.state.error).toBe('offline');
    await list.refresh();
    expect(list.state.items).toEqual([{ id: '2' }, { id: '1' }]);
  });
});
