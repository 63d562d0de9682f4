import { useEffect, useRef } from 'preact/hooks';
import type { PagedList } from '../lib/paged';
import { useSubscription } from '../lib/store';
import { ErrorNote, Spinner } from './misc';

/**
 * The end of an endless list: loads the next page as it comes near the viewport (long before the
 * reader gets there), and says when there is nothing more.
 */
export function LoadMore<T extends { id: string }>({ list, endText }: { list: PagedList<T>; endText?: string }) {
  const state = useSubscription(list, () => list.state);
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.loading || state.error || !list.hasMore || !sentinel.current) return;
    if (typeof IntersectionObserver === 'undefined') {
      void list.load();
      return;
    }
    // A new observer after every page: it reports at once whether the end is still in view.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void list.load();
      },
      { rootMargin: '1200px 0px' },
    );
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [list, state.loading, state.error, state.items.length, state.next]);

  return (
    <div ref={sentinel} class="load-more">
      {state.loading && <Spinner />}
      {state.error && <ErrorNote message={state.error} onRetry={() => void list.load()} />}
      {!state.loading && !state.error && state.loaded && !list.hasMore && endText && state.items.length > 0 && (
        <p class="list-end">{endText}</p>
      )}
    </div>
  );
}
