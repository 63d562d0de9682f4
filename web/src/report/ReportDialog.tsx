import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account, ReportCategory, Status } from '../api/client';
import { api, toast } from '../app/services';
import { messageOf } from '../lib/paged';
import { commentLength, REPORT_COMMENT_MAX, REPORT_REASONS, reportRequest } from './report';

interface ReportDialogProps {
  account: Account;
  /** The post the report was started from, sent with it. */
  status?: Status | null;
  onClose: () => void;
  /** After "also block" went through. */
  onBlocked?: () => void;
  /** Where focus goes after closing, when what opened the dialog (a menu item) is gone by then. */
  returnFocusTo?: HTMLElement | null;
}

const FOCUSABLE = 'button:not([disabled]), select:not([disabled]), textarea:not([disabled]), input:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog (the native <dialog>, so the rest of the page is inert) with its own Tab loop,
 * so focus stays inside it; Escape closes it, and focus goes back to what opened it.
 */
export function ReportDialog({ account, status, onClose, onBlocked, returnFocusTo }: ReportDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [category, setCategory] = useState<ReportCategory>('other');
  const [comment, setComment] = useState('');
  const [alsoBlock, setAlsoBlock] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ blockFailed: string | null; blocked: boolean } | null>(null);
  const closing = useRef(onClose);
  closing.current = onClose;

  useEffect(() => {
    const element = dialog.current;
    const opener = returnFocusTo ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    if (element && !element.open) element.showModal?.();
    return () => {
      if (element?.open) element.close();
      opener?.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    if (sent) dialog.current?.querySelector<HTMLElement>('.report-done')?.focus();
  }, [sent]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && (document.activeElement === first || !dialog.current.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setError(null);
    let request;
    try {
      request = reportRequest({ accountId: account.id, statusId: status?.id, comment, category });
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setSending(true);
    try {
      await api.reports.create(request);
    } catch (failure) {
      setError(`Could not send the report: ${messageOf(failure)}`);
      setSending(false);
      return;
    }
    let blockFailed: string | null = null;
    if (alsoBlock) {
      try {
        await api.accounts.block(account.id);
        onBlocked?.();
      } catch (failure) {
        blockFailed = messageOf(failure);
      }
    }
    setSending(false);
    setSent({ blocked: alsoBlock && !blockFailed, blockFailed });
    toast('Report sent.');
  };

  const what = status ? `this post by ${account.acct}` : account.acct;
  const length = commentLength(comment);

  return (
    <dialog
      ref={dialog}
      class="dialog report-dialog"
      aria-labelledby="report-title"
      onKeyDown={onKeyDown}
      onClose={() => closing.current()}
    >
      {sent ? (
        <div class="dialog-body">
          <h2 id="report-title" class="dialog-title">
            Thanks for reporting
          </h2>
          <p role="status">
            Your report about {what} was sent to the moderators.
            {sent.blocked && ` You blocked ${account.acct}.`}
          </p>
          {sent.blockFailed && (
            <p class="field-error" role="alert">
              Could not block {account.acct}: {sent.blockFailed}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" class="button report-done" onClick={() => closing.current()}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form class="dialog-body" onSubmit={(event) => void submit(event)} aria-busy={sending}>
          <h2 id="report-title" class="dialog-title">
            Report {what}
          </h2>
          <p class="hint">Reports go to this server's moderators. {account.acct} is not told who reported them.</p>
          <div class="field">
            <label for="report-reason">Why are you reporting it?</label>
            <select id="report-reason" value={category} disabled={sending} onChange={(event) => setCategory(event.currentTarget.value as ReportCategory)}>
              {REPORT_REASONS.map((reason) => (
                <option key={reason.value} value={reason.value}>
                  {reason.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="report-comment">
              Anything the moderators should know? <span class="hint">(optional)</span>
            </label>
            <textarea
              id="report-comment"
              rows={4}
              maxLength={REPORT_COMMENT_MAX}
              value={comment}
              disabled={sending}
              aria-describedby="report-comment-count"
              onInput={(event) => setComment(event.currentTarget.value)}
            />
            <p id="report-comment-count" class="hint counter">
              {length.toLocaleString()} / {REPORT_COMMENT_MAX.toLocaleString()}
            </p>
          </div>
          <div class="field checkbox-field">
            <input id="report-block" type="checkbox" checked={alsoBlock} disabled={sending} onChange={(event) => setAlsoBlock(event.currentTarget.checked)} />
            <label for="report-block">Also block {account.acct}</label>
          </div>
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" class="button secondary" onClick={() => closing.current()}>
              Cancel
            </button>
            <button type="submit" class="button" disabled={sending || length > REPORT_COMMENT_MAX}>
              {sending ? 'Sending…' : 'Send report'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
