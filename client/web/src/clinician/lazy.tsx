import { useEffect, useState } from 'preact/hooks';

type Screens = typeof import('./screens.js');
let screens: Screens | undefined;
let loading: Promise<Screens> | undefined;

/**
 * The clinician's screens (and their live store) load on first use, as their own chunk: mentees and
 * specialists never download them, and the first load stays small. Undefined until loaded.
 */
export function useScreens(): Screens | undefined {
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (screens) return;
    let live = true;
    // A failed download is tried again on the next mount, not remembered as failed for good.
    loading ??= import('./screens.js').then(
      (m) => (screens = m),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    );
    loading.then(
      () => live && setLoaded(true),
      () => {
        // Offline for a moment: the next screen that needs it tries again.
        loading = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return screens;
}
