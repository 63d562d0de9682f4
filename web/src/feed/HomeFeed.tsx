import { useEffect, useState } from 'preact/hooks';
import { Link } from '../app/router';
import { useSubscription } from '../lib/store';
import { LoadMore } from '../ui/LoadMore';
import { PageTitle } from '../ui/misc';
import { PostCard } from './PostCard';
import { NewPostsPill } from './NewPostsPill';
import { homeTimeline } from './statuses';

/** Posts rendered before the first paint on a fresh load; the rest follow a moment later. */
const FIRST_RENDER = 3;

export function HomeFeed() {
  const list = homeTimeline();
  const state = useSubscription(list, () => list.state);
  // A list already loaded (coming back to the feed) renders whole, so the scroll position holds.
  const [limit, setLimit] = useState(list.state.loaded ? Number.POSITIVE_INFINITY : FIRST_RENDER);

  useEffect(() => {
    if (!list.state.loaded) void list.load();
  }, [list]);

  useEffect(() => {
    if (limit !== Number.POSITIVE_INFINITY && state.items.length > limit) {
      const timer = setTimeout(() => setLimit(Number.POSITIVE_INFINITY), 50);
      return () => clearTimeout(timer);
    }
  }, [limit, state.items.length]);

  return (
    <div class="feed">
      <PageTitle visible={false}>Home</PageTitle>
      <NewPostsPill />
      {state.loaded && state.items.length === 0 && (
        <div class="empty">
          <h2>Welcome to Graminsta</h2>
          <p>When you follow people, their photos show up here.</p>
          <p>
            <Link href="/explore" class="button">
              Find people to follow
            </Link>
          </p>
        </div>
      )}
      {state.items.slice(0, limit).map((status, index) => (
        <PostCard key={status.id} status={status} eager={index === 0} />
      ))}
      {state.items.length <= limit && <LoadMore list={list} endText="You're all caught up." />}
    </div>
  );
}
