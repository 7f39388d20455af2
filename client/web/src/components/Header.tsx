import { signOut } from '../auth/oidc.js';
import { LANGS, getLang, setLang, useT, type Lang } from '../i18n/index.js';
import { useAppState } from '../state.js';

export function Header() {
  const state = useAppState();
  const t = useT();
  const session = state.session;
  return (
    <header class="header">
      <span class="brand">{t('appName')}</span>
      {session && (
        <span class="status" role="status">
          {state.connection === 'online' ? '' : t(state.connection === 'connecting' ? 'status.connecting' : 'status.reconnecting')}
        </span>
      )}
      <span class="spacer" />
      {/* Always here, signed in or not. */}
      <button type="button" class="help-now" onClick={() => void state.showResources()}>
        {t('helpNow')}
      </button>
      <span class="lang">
        <label for="language">{t('language')}</label>
        <select id="language" value={getLang()} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
          {LANGS.map((l) => (
            <option value={l} lang={l}>
              {l === 'nl' ? 'Nederlands' : 'English'}
            </option>
          ))}
        </select>
      </span>
      {session && (
        <>
          <span class="who">{t('signedInAs', { name: session.name, role: t(`role.${session.role}`) })}</span>
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
        </>
      )}
    </header>
  );
}
