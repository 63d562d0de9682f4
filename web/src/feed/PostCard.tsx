import type { Status } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { Carousel } from '../post/Carousel';
import { FEED_SIZES } from '../lib/images';
import { CommentIcon, HeartFilledIcon, HeartIcon, LockIcon } from '../ui/icons';
import { Content } from '../ui/Content';
import { Avatar, count, Time } from '../ui/misc';
import { PostMenu } from './PostMenu';
import { setLiked } from './statuses';
import { useConcealment } from '../post/sensitive';
import { TextWarning } from '../post/TextWarning';

export function LikeButton({ status }: { status: Status }) {
  const liked = Boolean(status.favourited);
  return (
    <button
      type="button"
      class={`icon-button like-button${liked ? ' is-liked' : ''}`}
      aria-pressed={liked}
      aria-label="Like"
      onClick={() => void setLiked(status, !liked)}
    >
      {liked ? <HeartFilledIcon /> : <HeartIcon />}
    </button>
  );
}

export function PostHeader({ status }: { status: Status }) {
  const account = status.account;
  return (
    <header class="post-header">
      <Link href={paths.profile(account.acct)} class="post-author">
        <Avatar account={account} size={32} />
        <span class="post-author-name">{account.acct}</span>
      </Link>
      <span class="post-meta" aria-hidden="false">
        {status.visibility === 'private' && (
          <span class="post-private" title="Followers only">
            <LockIcon size={14} />
            <span class="sr-only">Followers only</span>
          </span>
        )}
        <Link href={paths.post(account.acct, status.id)} class="post-time">
          <Time iso={status.created_at} />
        </Link>
        <PostMenu status={status} />
      </span>
    </header>
  );
}

/** A post in the home feed: photos, like and comment buttons, counts and the caption. */
export function PostCard({ status, eager }: { status: Status; eager?: boolean }) {
  const postPath = paths.post(status.account.acct, status.id);
  const headingId = `post-${status.id}-author`;
  const hidden = useConcealment(status);
  return (
    <article class="post-card" aria-labelledby={headingId}>
      <h2 id={headingId} class="sr-only">
        Post by {status.account.acct}
      </h2>
      <PostHeader status={status} />
      <Carousel status={status} sizes={FEED_SIZES} eager={eager} feed onDoubleTap={() => void setLiked(status, true)} />
      <div class="post-body">
        <div class="post-actions">
          <LikeButton status={status} />
          <Link href={postPath} class="icon-button" aria-label="Comment">
            <CommentIcon />
          </Link>
        </div>
        <p class="post-likes">{count(status.favourites_count, 'like', 'likes')}</p>
        {hidden.text && !hidden.photos && (
          <p class="post-caption">
            <TextWarning statusId={status.id} warning={hidden.warning} />
          </p>
        )}
        {status.content && !hidden.text && (
          <div class="post-caption">
            <Link href={paths.profile(status.account.acct)} class="caption-author">
              {status.account.acct}
            </Link>{' '}
            <Content html={status.content} tags={status.tags} mentions={status.mentions} />
          </div>
        )}
        {status.replies_count > 0 && (
          <Link href={postPath} class="post-comments-link">
            {status.replies_count === 1 ? 'View 1 comment' : `View all ${status.replies_count} comments`}
          </Link>
        )}
      </div>
    </article>
  );
}
