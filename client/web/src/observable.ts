import { useEffect, useState } from 'preact/hooks';

/** State that screens watch: `changed()` re-renders every component that uses it. */
export class Observable {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  protected notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The observable, re-rendering the component on every change. */
export function useObservable<T extends Observable>(observable: T): T {
  const [, setVersion] = useState(0);
  useEffect(() => observable.subscribe(() => setVersion((v) => v + 1)), [observable]);
  return observable;
}
