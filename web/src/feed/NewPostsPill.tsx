import { useStore, useSubscription } from '../lib/store';
import { ArrowUpIcon } from '../ui/icons';
import { heldPosts, showHeldPosts, unshownCount } from './newPosts';
import { homeTimeline } from './statuses';

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * "3 new posts" above the home feed, when posts arrived live. Tapping it puts them at the top,
 * scrolls there (at once, for those who asked for reduced motion) and moves focus to the newest,
 * so a keyboard or screen reader user lands where the eyes do. The region around it is a polite
 * live region: the count is announced as it changes, without interrupting.
 */
export function NewPostsPill() {
  const held = useStore(heldPosts);
  const list = homeTimeline();
  const items = useSubscription(list, () => list.state.items);
  const count = unshownCount(held, items);
  const label = `${count}${held.gap ? '+' : ''} new ${count === 1 && !held.gap ? 'post' : 'posts'}`;

  const show = async () => {
    await showHeldPosts();
    window.scrollTo({ top: 0, behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    requestAnimationFrame(() => {
      const newest = document.querySelector<HTMLElement>('.feed .post-card');
      if (!newest) return;
      newest.tabIndex = -1;
      newest.focus({ preventScroll: true });
    });
  };

  return (
    <div class="new-posts" aria-live="polite">
      {count > 0 && (
        <button type="button" class="new-posts-button" aria-label={`Show ${label}`} onClick={() => void show()}>
          <ArrowUpIcon size={16} />
          {label}
        </button>
      )}
    </div>
  );
}
