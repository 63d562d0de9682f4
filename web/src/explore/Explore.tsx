import { useEffect } from 'preact/hooks';
import { Link } from '../app/router';
import { api } from '../app/services';
import { statusList } from '../feed/statuses';
import { useSubscription } from '../lib/store';
import { Grid } from '../ui/Grid';
import { SearchIcon } from '../ui/icons';
import { LoadMore } from '../ui/LoadMore';
import { PageTitle } from '../ui/misc';

export function Explore() {
  const list = statusList('explore', () => api.timelines.public({ only_media: true, limit: 30 }));
  const state = useSubscription(list, () => list.state);
  useEffect(() => {
    if (!list.state.loaded) void list.load();
  }, [list]);
  return (
    <div class="explore">
      <PageTitle visible={false}>Explore</PageTitle>
      <Link href="/search" class="search-link">
        <SearchIcon size={18} /> Search people and hashtags
      </Link>
      {state.loaded && state.items.length === 0 && (
        <div class="empty">
          <h2>Nothing here yet</h2>
          <p>Recent public posts show up here.</p>
        </div>
      )}
      <Grid statuses={state.items} label="Recent posts" />
      <LoadMore list={list} />
    </div>
  );
}
