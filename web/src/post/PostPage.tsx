import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account, Status } from '../api/entities';
import { navigate } from '../app/router';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { api, session, toast } from '../app/services';
import { LikeButton, PostHeader } from '../feed/PostCard';
import { onStatusChange, onStatusRemoved, publishRemoved, publishStatus, setLiked } from '../feed/statuses';
import { POST_SIZES } from '../lib/images';
import { messageOf } from '../lib/paged';
import { useStore } from '../lib/store';
import { Content } from '../ui/Content';
import { TrashIcon } from '../ui/icons';
import { AccountRow, Avatar, count, ErrorNote, PageTitle, Spinner, Time } from '../ui/misc';
import { Carousel } from './Carousel';
import { randomId } from '../lib/ids';
import { onStreamOpened } from '../live/live';
import { concealment, revealedPosts } from './sensitive';
import { TextWarning } from './TextWarning';

const COMMENT_MAX = 2200;

export function PostPage({ id }: { id: string }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [comments, setComments] = useState<Status[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [likers, setLikers] = useState<Account[] | null>(null);
  const me = session.account;
  useStore(session.state);
  const revealed = useStore(revealedPosts);
  /** The comment count the listed comments match: another count means someone else commented or deleted one. */
  const listedReplies = useRef<number | null>(null);

  const fetchPost = () =>
    Promise.all([api.statuses.get(id), api.statuses.context(id)]).then(([found, context]) => {
      listedReplies.current = found.replies_count;
      setStatus(found);
      setComments(context.descendants);
    });

  const load = () => {
    setError(null);
    fetchPost().catch((failure) => setError(messageOf(failure)));
  };

  const reloadComments = (repliesCount: number) => {
    listedReplies.current = repliesCount;
    api.statuses
      .context(id)
      .then((context) => setComments(context.descendants))
      .catch(() => {});
  };

  useEffect(load, [id]);
  // Counts move live (a like, a comment by someone else: a status.update on the stream); the
  // comments themselves are not streamed, so a changed count fetches them again.
  useEffect(
    () =>
      onStatusChange((changed) => {
        if (changed.id === id) {
          setStatus(changed);
          if (listedReplies.current !== null && changed.replies_count !== listedReplies.current) reloadComments(changed.replies_count);
        }
        setComments((list) => list.map((comment) => (comment.id === changed.id ? changed : comment)));
      }),
    [id],
  );
  // Whatever changed before the stream opened, or while it was down.
  useEffect(() => onStreamOpened(() => void fetchPost().catch(() => {})), [id]);
  useEffect(
    () =>
      onStatusRemoved((removed) => {
        if (removed === id) navigate('/', { replace: true });
        setComments((list) => list.filter((comment) => comment.id !== removed));
      }),
    [id],
  );

  if (error) {
    return (
      <div class="post-page">
        <PageTitle>Post</PageTitle>
        <ErrorNote message={error} onRetry={load} />
      </div>
    );
  }
  if (!status) return <Spinner label="Loading the post" />;

  const mine = me?.id === status.account.id;
  const hidden = concealment(status, revealed);

  const showLikers = async () => {
    if (likers) {
      setLikers(null);
      return;
    }
    try {
      setLikers((await api.statuses.favouritedBy(status.id)).items);
    } catch (failure) {
      toast(messageOf(failure));
    }
  };

  const deletePost = async () => {
    if (!confirm('Delete this post? This cannot be undone.')) return;
    try {
      await api.statuses.delete(status.id);
      publishRemoved(status.id);
      toast('Post deleted.');
      navigate(paths.profile(status.account.acct), { replace: true });
    } catch (failure) {
      toast(`Could not delete the post: ${messageOf(failure)}`);
    }
  };

  /**
   * The count after one's own comment, shown at once and then settled on the server's: the
   * stream's status.update may have moved it already, before the reply to the request came.
   */
  const settleCount = (shown: Status) => {
    listedReplies.current = shown.replies_count;
    setStatus(shown);
    publishStatus(shown);
    api.statuses
      .get(id)
      .then((fresh) => {
        listedReplies.current = fresh.replies_count;
        publishStatus(fresh);
      })
      .catch(() => {});
  };

  const onComment = (comment: Status) => {
    setComments((list) => (list.some((item) => item.id === comment.id) ? list : [...list, comment]));
    settleCount({ ...status, replies_count: status.replies_count + 1 });
  };

  const deleteComment = async (comment: Status) => {
    if (!confirm('Delete this comment?')) return;
    try {
      await api.statuses.delete(comment.id);
      setComments((list) => list.filter((item) => item.id !== comment.id));
      settleCount({ ...status, replies_count: Math.max(0, status.replies_count - 1) });
    } catch (failure) {
      toast(`Could not delete the comment: ${messageOf(failure)}`);
    }
  };

  return (
    <article class="post-page">
      <PageTitle visible={false}>Post by {status.account.acct}</PageTitle>
      <div class="post-page-media">
        <Carousel status={status} sizes={POST_SIZES} eager onDoubleTap={() => void setLiked(status, true)} />
      </div>
      <div class="post-page-side">
        <PostHeader status={status} />
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
        <div class="post-actions">
          <LikeButton status={status} />
          {mine && (
            <button type="button" class="icon-button push-right" aria-label="Delete post" onClick={() => void deletePost()}>
              <TrashIcon />
            </button>
          )}
        </div>
        <button type="button" class="link-button post-likes" aria-expanded={likers !== null} onClick={() => void showLikers()}>
          {count(status.favourites_count, 'like', 'likes')}
        </button>
        {likers && (
          <section aria-label="Liked by" class="likers">
            {likers.length === 0 && <p class="muted">No likes yet.</p>}
            {likers.map((account) => (
              <AccountRow key={account.id} account={account} />
            ))}
          </section>
        )}
        <section class="comments" aria-labelledby="comments-heading">
          <h2 id="comments-heading" class="section-title">
            {count(status.replies_count, 'comment', 'comments')}
          </h2>
          <ul class="comment-list">
            {comments.map((comment) => (
              <li key={comment.id} class="comment">
                <Link href={paths.profile(comment.account.acct)} class="comment-avatar" tabIndex={-1} aria-hidden="true">
                  <Avatar account={comment.account} size={32} />
                </Link>
                <div class="comment-body">
                  <Link href={paths.profile(comment.account.acct)} class="caption-author">
                    {comment.account.acct}
                  </Link>{' '}
                  {concealment(comment, revealed).text ? (
                    <TextWarning statusId={comment.id} warning={concealment(comment, revealed).warning} />
                  ) : (
                    <Content html={comment.content} tags={comment.tags} mentions={comment.mentions} />
                  )}
                  <Time iso={comment.created_at} />
                </div>
                {me?.id === comment.account.id && (
                  <button
                    type="button"
                    class="icon-button small"
                    aria-label={`Delete your comment from ${new Date(comment.created_at).toLocaleString()}`}
                    onClick={() => void deleteComment(comment)}
                  >
                    <TrashIcon size={16} />
                  </button>
                )}
              </li>
            ))}
          </ul>
          {me && <CommentForm status={status} onPosted={onComment} />}
        </section>
      </div>
    </article>
  );
}

function CommentForm({ status, onPosted }: { status: Status; onPosted: (comment: Status) => void }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, setKey] = useState(() => randomId());

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      const comment = await api.statuses.create(
        { status: text.trim(), in_reply_to_id: status.id, visibility: status.visibility },
        key,
      );
      onPosted(comment);
      setText('');
      setKey(randomId());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="comment-form" onSubmit={(event) => void submit(event)}>
      <label for="comment-text" class="sr-only">
        Add a comment
      </label>
      <textarea
        id="comment-text"
        rows={1}
        placeholder="Add a comment…"
        maxLength={COMMENT_MAX}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <button type="submit" class="link-button strong" disabled={!text.trim() || sending}>
        Post
      </button>
      {error && <p class="field-error" role="alert">{error}</p>}
    </form>
  );
}
