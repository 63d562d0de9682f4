// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Store, useStore } from './store';

function Show({ store }: { store: Store<string> }) {
  return <p>{useStore(store)}</p>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('watching a store', () => {
  it('re-renders on changes', async () => {
    const store = new Store('loading');
    const container = document.createElement('div');
    render(<Show store={store} />, container);
    await settle();
    store.set('ready');
    await settle();
    expect(container.textContent).toBe('ready');
  });

  it('sees a change made after rendering but before it subscribed', async () => {
    const store = new Store('loading');
    const container = document.createElement('div');
    render(<Show store={store} />, container);
    store.set('ready'); // before the effect that subscribes has run
    await settle();
    expect(container.textContent).toBe('ready');
  });
});
