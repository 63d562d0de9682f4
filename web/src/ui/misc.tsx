import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Account } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div class="spinner" role="status">
      <span class="spinner-ring" aria-hidden="true" />
      <span class="sr-only">{label}</span>
    </div>
  );
}

export function ErrorNote({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="error-note" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" class="button secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The screen's heading, which receives focus after navigation so screen readers announce it. */
export function PageTitle({ children, visible = true }: { children: ComponentChildren; visible?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const text = heading.current?.textContent;
    document.title = text ? `${text} · Graminsta` : 'Graminsta';
    if (document.body.dataset.navigated) {
      heading.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} class={visible ? 'page-title' : 'sr-only'}>
      {children}
    </h1>
  );
}

export function Avatar({ account, size = 32 }: { account: Pick<Account, 'avatar' | 'avatar_static'>; size?: number }) {
  return (
    <img
      class="avatar"
      src={account.avatar_static || account.avatar}
      alt=""
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      style={{ width: `${size}px`, height: `${size}px` }}
    />
  );
}

export function displayName(account: Pick<Account, 'display_name' | 'username'>): string {
  return account.display_name.trim() || account.username;
}

/** A person: avatar, username and name, linking to the profile. */
export function AccountRow({ account, children }: { account: Account; children?: ComponentChildren }) {
  return (
    <div class="account-row">
      <Link href={paths.profile(account.acct)} class="account-row-link">
        <Avatar account={account} size={44} />
        <span class="account-row-names">
          <span class="account-row-username">{account.acct}</span>
          <span class="account-row-name">{displayName(account)}</span>
        </span>
      </Link>
      {children && <div class="account-row-actions">{children}</div>}
    </div>
  );
}

const UNITS: [number, string][] = [
  [60, 's'],
  [60, 'm'],
  [24, 'h'],
  [7, 'd'],
  [Number.POSITIVE_INFINITY, 'w'],
];

/** "5m", "3h", "2d", "4w": how long ago, Instagram style. */
export function shortAge(iso: string, now = Date.now()): string {
  let value = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  for (const [size, unit] of UNITS) {
    if (value < size) return unit === 's' && value < 30 ? 'now' : `${Math.floor(value)}${unit}`;
    value /= size;
  }
  return '';
}

export function Time({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toLocaleString()}>
      {shortAge(iso)}
    </time>
  );
}

export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
