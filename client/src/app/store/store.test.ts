import { describe, expect, it } from 'vitest';
import { createStore } from './store.ts';

describe('createStore', () => {
  it('notifies subscribers of changes and stays quiet when nothing changed', () => {
    const store = createStore({ speed: 1, running: false });
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set({ speed: 2 });
    store.set({ speed: 2 });
    store.set((s) => ({ running: !s.running }));
    expect(store.get()).toEqual({ speed: 2, running: true });
    expect(calls).toBe(2);
    off();
    store.set({ speed: 4 });
    expect(calls).toBe(2);
  });

  it('gives a new state object on change, so selectors see it', () => {
    const store = createStore({ peers: [] as string[] });
    const before = store.get();
    store.set({ peers: ['Li Lei'] });
    expect(store.get()).not.toBe(before);
    expect(before.peers).toEqual([]);
  });
});
