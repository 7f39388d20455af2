import { useT } from '../i18n/index.js';
import { useAppState } from '../state.js';

/**
 * Crisis lines as a calm, persistent panel: it appears when the server sends `safety:resources`
 * (or "Help now" is pressed) and stays until the person hides it. It never takes focus.
 */
export function CrisisPanel() {
  const state = useAppState();
  const t = useT();
  if (!state.resources) return null;
  return (
    <aside class="crisis" aria-labelledby="crisis-title">
      <h2 id="crisis-title">{t('crisis.title')}</h2>
      <p>{t('crisis.intro')}</p>
      <ul>
        {state.resources.map((r) => (
          <li>
            <strong>{r.name}</strong>
            {r.phone && (
              <>
                {' '}
                <a href={`tel:${r.phone.replace(/\s+/g, '')}`}>{t('crisis.call', { phone: r.phone })}</a>
              </>
            )}
            {r.text && <span> · {t('crisis.text', { text: r.text })}</span>}
            {r.url && (
              <>
                {' '}
                · <a href={r.url} target="_blank" rel="noopener noreferrer">{t('crisis.site')}</a>
              </>
            )}
            {r.hours && <span class="muted"> · {t('crisis.hours', { hours: r.hours })}</span>}
          </li>
        ))}
      </ul>
      <p>{t('crisis.emergency')}</p>
      <button type="button" onClick={() => state.hideResources()}>
        {t('crisis.close')}
      </button>
    </aside>
  );
}
