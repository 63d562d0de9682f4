import { useEffect } from 'preact/hooks';
import { api } from '../app/services';
import { statusList } from '../feed/statuses';
import { useSubscription } from '../lib/store';
import { Grid } from '../ui/Grid';
import { LoadMore } from '../ui/LoadMore';
import { count, PageTitle } from '../ui/misc';

export function TagPage({ tag }: { tag: string }) {
  const name = tag.toLowerCase();
  const list = statusList(`tag:${name}`, () => api.timelines.tag(name, { only_media: true, limit: 30 }));
  const state = useSubscription(list, () => list.state);
  useEffect(() => {
    if (!list.state.loaded) void list.load();
  }, [list]);
  return (
    <div class="tag-page">
      <header class="tag-header">
        <span class="tag-symbol" aria-hidden="true">
          #
        </span>
        <div>
          <PageTitle>#{name}</PageTitle>
          {state.loaded && !list.hasMore && <p class="muted">{count(state.items.length, 'post', 'posts')}</p>}
        </div>
      </header>
      {state.loaded && state.items.length === 0 && (
        <div class="empty">
          <p>No posts with #{name} yet.</p>
        </div>
      )}
      <Grid statuses={state.items} label={`Posts tagged #${name}`} />
      <LoadMore list={list} />
    </div>
  );
}
