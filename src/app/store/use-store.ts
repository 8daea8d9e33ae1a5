import { startTransition, useEffect, useState } from 'react';
import type { Action, AppState, Store } from './runs';

/**
 * The store's state, for rendering. Updates for which `background(action)` holds render as a transition:
 * React renders them in slices of a few milliseconds and paints and handles input in between, so redrawing
 * every panel for a training epoch never holds the main thread for long (the lab must not hold the main thread
 * for more than 50 ms while training). Everything else, the user's own actions, renders at once.
 */
export function useStoreState(store: Store, background: (action: Action) => boolean): AppState {
  const [state, setState] = useState(store.get);
  useEffect(() => {
    const unsubscribe = store.subscribe((action) => {
      if (background(action)) startTransition(() => setState(store.get()));
      else setState(store.get());
    });
    setState(store.get()); // what was dispatched before this subscription
    return unsubscribe;
  }, [store, background]);
  return state;
}
