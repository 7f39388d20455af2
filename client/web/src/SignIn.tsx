import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../../shared/models.js';
import { api } from './api.js';
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

  // The demo sign-in exists only on the embedded default: ask the server.
  useEffect(() => {
    api('GET /api/demo').then(
      () => setDemo(true),
      () => setDemo(false),
    );
  }, []);

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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section class="card">
        <button type="button" class="primary big" disabled={busy} onClick={() => void asGuest()}>
          {t('signIn.guest')}
        </button>
        <p class="muted">{t('signIn.guestHint')}</p>
      </section>
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
