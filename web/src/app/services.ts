// The app's long-lived objects, made once the configuration is known (see main.tsx).
import type { Api } from '../api/client';
import { indexedDbStore, Session } from '../auth/session';
import type { AppConfig } from '../config';
import { resolveBaseUrl } from '../api/client';
import { Store } from '../lib/store';

export let session: Session;
export let api: Api;

// Opened before the configuration arrives, so that the two load side by side.
const tokens = indexedDbStore();

export function initServices(config: AppConfig): void {
  session = new Session({
    apiBaseUrl: resolveBaseUrl(config.apiBaseUrl, location.origin),
    origin: location.origin,
    tokens,
    local: localStorage,
    tab: sessionStorage,
    redirect: (url) => location.assign(url),
  });
  api = session.api;
}

export interface Toast {
  id: number;
  message: string;
}

/** Short messages announced to screen readers and shown at the bottom of the screen. */
export const toasts = new Store<Toast[]>([]);
let toastIds = 0;

export function toast(message: string): void {
  const id = ++toastIds;
  toasts.set([...toasts.get(), { id, message }]);
  setTimeout(() => toasts.set(toasts.get().filter((item) => item.id !== id)), 5000);
}
