import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Area = typeof import('./area.js');
let area: Area | undefined;
let loading: Promise<Area> | undefined;

/** The specialist's screens load on first use, in a chunk of their own: mentees and guests never download them. */
function loadArea(): Promise<Area> {
  // A failed download is tried again on the next mount, not remembered as failed for good.
  loading ??= import('./area.js').then(
    (m) => (area = m),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** A component from the lazily loaded area; renders nothing until it has arrived. */
export function fromArea<P extends object>(pick: (a: Area) => ComponentType<P>): ComponentType<P> {
  return function Lazy(props: P) {
    const [, setLoaded] = useState(Boolean(area));
    useEffect(() => {
      if (!area) loadArea().then(() => setLoaded(true), () => {});
    }, []);
    if (!area) return null;
    const Component = pick(area);
    return <Component {...props} />;
  };
}
