import { useSyncExternalStore } from 'react';
import type { Store } from './store.ts';

/** Read a slice of a store; the component re-renders only when that slice changes (Object.is). */
export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get()),
  );
}
