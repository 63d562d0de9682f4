import { useRef, useState } from 'preact/hooks';
import type { Status } from '../api/entities';
import { session } from '../app/services';
import { useStore } from '../lib/store';
import { ReportDialog } from '../report/ReportDialog';
import { MoreIcon } from '../ui/icons';

/**
 * A post's "…" menu: a disclosure button and the actions under it. Escape or leaving the menu
 * closes it. Only other people's posts have one (your own are deleted from the post page).
 */
export function PostMenu({ status }: { status: Status }) {
  const state = useStore(session.state);
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const me = state.status === 'signedIn' ? state.account : null;
  if (!me || me.id === status.account.id) return null;
  const menuId = `post-menu-${status.id}`;

  const close = (focusToggle: boolean) => {
    setOpen(false);
    if (focusToggle) toggle.current?.focus();
  };

  return (
    <div
      class="menu post-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close(true);
        }
      }}
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        class="icon-button small"
        aria-label="More options"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        <MoreIcon size={20} />
      </button>
      {open && (
        <div id={menuId} class="menu-items">
          <button
            type="button"
            class="danger"
            onClick={() => {
              setOpen(false);
              setReporting(true);
            }}
          >
            Report
          </button>
        </div>
      )}
      {reporting && <ReportDialog account={status.account} status={status} returnFocusTo={toggle.current} onClose={() => setReporting(false)} />}
    </div>
  );
}
