// A value that components can watch; enough state management for this app.
import { useEffect, useRef, useState } from 'preact/hooks';

export class Store<T> {
  private listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of this.listeners) listener(value);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

interface Subscribable<T> {
  subscribe(listener: (value: T) => void): () => void;
}

/** The store's current value, re-rendering the component when it changes. */
export function useStore<T>(store: Store<T>): T {
  return useSubscription(store, () => store.get());
}

/**
 * `read()` now, and again whenever `source` reports a change. Effects run after the render, so a
 * change in between (a load that finished first) would be missed: it is checked for on subscribing.
 */
export function useSubscription<T, V>(source: Subscribable<V>, read: () => T): T {
  const [, rerender] = useState(0);
  const value = read();
  const rendered = useRef(value);
  rendered.current = value;
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    const unsubscribe = source.subscribe(() => rerender((n) => n + 1));
    if (!Object.is(reader.current(), rendered.current)) rerender((n) => n + 1);
    return unsubscribe;
  }, [source]);
  return value;
}
