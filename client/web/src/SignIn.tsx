import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../../shared/models.js';
import { api } from './api.js';
import { authConfig, signInWithProvider, useProviderStatus, type ProviderConfig } from './auth/oidc.js';
import { errorText } from './errors.js';
import { getLang, useT } from './i18n/index.js';
import { go } from './route.js';
import { sessionFromToken, type Session } from './session.js';
import { app } from './state.js';

const DEMO_ROLES: readonly Role[] = ['mentee', 'specialist', 'clinician', 'admin'];

export function SignIn() {
  const t = useT();
  const [demo, setDemo] = useState(false);
  const [error, setError] = useState<string | undefined>(app.signInNotice === 'expired' ? t('signIn.expired') : undefined);
  const [busy, setBusy] = useState(false);
  const [provider, setProvider] = useState<ProviderConfig | undefined>(undefined);
  const providerStatus = useProviderStatus();

  // The demo sign-in exists only on the embedded default, the provider's only where one is set up: ask the server.
  useEffect(() => {
    authConfig().then(
      (config) => {
        setDemo(config.demo);
        setProvider(config.oidc);
      },
      () => setDemo(false),
    );
  }, []);

  const providerError = providerStatus.error && ('key' in providerStatus.error ? t(providerStatus.error.key, { provider: provider?.providerName ?? '' }) : errorText(providerStatus.error.cause));
  const shownError = error ?? providerError;

  const start = async (session: Session | undefined, home: string) => {
    if (!session) return setError(t('signIn.badToken'));
    setBusy(true);
    setError(undefined);
    try {
      await app.signIn(session);
      go(home);
    } catch (err) {
      app.signOut();
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const asGuest = async () => {
    try {
      const { token } = await api('POST /api/guest', { body: { language: getLang() } });
      await start(sessionFromToken(token), 'find');
    } catch (err) {
      setError(errorText(err));
    }
  };

  const asDemo = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const { token } = await api('POST /api/demo/token', {
        body: { name: String(form.get('name') ?? ''), role: String(form.get('role')) as Role, language: getLang() },
      });
      const session = sessionFromToken(token);
      await start(session, session?.role === 'clinician' ? 'board' : session?.role === 'admin' ? 'admin' : 'conversations');
    } catch (err) {
      setError(errorText(err));
    }
  };

  const withToken = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const session = sessionFromToken(String(form.get('token') ?? ''));
    void start(session, session?.role === 'clinician' ? 'board' : session?.role === 'admin' ? 'admin' : 'conversations');
  };

  return (
    <div class="signin">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {shownError && (
        <p class="error" role="alert">
          {shownError}
        </p>
      )}
      <section class="card">
        <button type="button" class="primary big" disabled={busy} onClick={() => void asGuest()}>
          {t('signIn.guest')}
        </button>
        <p class="muted">{t('signIn.guestHint')}</p>
      </section>
      {provider && (
        <section class="card">
          <button type="button" class="big" disabled={busy || providerStatus.busy} onClick={() => void signInWithProvider(provider).catch(() => {})}>
            {t('signIn.provider', { provider: provider.providerName })}
          </button>
          {/* A live region: "Signing you in…" is announced while the provider's answer is completed. */}
          <p class="muted" role="status">
            {providerStatus.busy ? t('signIn.providerBusy', { provider: provider.providerName }) : t('signIn.providerHint')}
          </p>
        </section>
      )}
      {demo && (
        <section class="card" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('signIn.demoTitle')}</h2>
          <p class="muted">{t('signIn.demoHint')}</p>
          <form onSubmit={(e) => void asDemo(e)}>
            <label>
              {t('signIn.name')}
              <input name="name" required maxLength={40} autoComplete="off" />
            </label>
            <label for="demo-role">{t('signIn.role')}</label>
            <select id="demo-role" name="role">
              {DEMO_ROLES.map((r) => (
                <option value={r}>{t(`role.${r}`)}</option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t('signIn.demoButton')}
            </button>
          </form>
        </section>
      )}
      <section class="card" aria-labelledby="token-title">
        <h2 id="token-title">{t('signIn.tokenTitle')}</h2>
        <p class="muted">{t('signIn.tokenHint')}</p>
        <form onSubmit={withToken}>
          <label>
            {t('signIn.token')}
            <textarea name="token" required rows={3} autoComplete="off" spellcheck={false} />
          </label>
          <button type="submit" disabled={busy}>
            {t('signIn.button')}
          </button>
        </form>
      </section>
    </div>
  );
}
