import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../errors.js';
import { useT } from '../i18n/index.js';

let loaded: FunctionComponent | undefined;

/**
 * The admin's screen, fetched the first time an admin opens it: only admins need its code, so it
 * stays out of everyone's first load.
 */
export function AdminScreen() {
  const t = useT();
  const [Panel, setPanel] = useState<FunctionComponent | undefined>(() => loaded);
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    if (loaded) return;
    import('./AdminPanel.js').then(
      (module) => {
        loaded = module.AdminPanel;
        setPanel(() => loaded);
      },
      (err: unknown) => setFailed(errorText(err)),
    );
  }, []);
  if (Panel) return <Panel />;
  return (
    <>
      <h1>{t('nav.admin')}</h1>
      <p role="status">{failed ?? ''}</p>
    </>
  );
}
