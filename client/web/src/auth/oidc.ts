import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'preact/hooks';
import type { HttpResults } from '../../../../shared/http.js';
import type { Role } from '../../../../shared/models.js';
import { api, ApiError } from '../api.js';
import { getLang, type MessageKey } from '../i18n/index.js';
import { go } from '../route.js';
import { sessionFromIdentity, type Session } from '../session.js';
import { app } from '../state.js';

/**
 * Signing in through the organisation's OpenID Connect provider: Authorization Code with PKCE
 * through oidc-client-ts, which is loaded (by `import()`) only when the server names a provider,
 * so the first load stays small. The redirect URI is the app's origin (`/`): main.tsx hands the
 * `?code=&state=` callback here. The app's token is the provider's ACCESS token (its `aud` is the
 * server's JWT_AUDIENCE); the server says who it makes its bearer (`GET /api/auth/me`), since the
 * provider names roles in its own words. Renewal with the refresh token before expiry; signing out
 * ends the provider's session too. Tokens live in sessionStorage (gone with the tab), never in a URL.
 */

export type AuthConfig = HttpResults['GET /api/auth/config'];
export type ProviderConfig = NonNullable<AuthConfig['oidc']>;

/** `offline_access` asks for the refresh token that renewal needs; OIDC_SCOPE replaces it all. */
const DEFAULT_SCOPE = 'openid profile offline_access';
/** The screen (hash) the person was on when they left for the provider. */
const RETURN_KEY = 'signIn.return';

let config: Promise<AuthConfig> | undefined;

/** What the sign-in page offers (`GET /api/auth/config`), asked once per load. */
export function authConfig(): Promise<AuthConfig> {
  config ??= api('GET /api/auth/config').catch((err: unknown) => {
    config = undefined;
    throw err;
  });
  return config;
}

let manager: Promise<UserManager> | undefined;
/** Set while a callback is completed: its `userLoaded` is a sign-in, not a renewal. */
let completing = false;

function userManager(provider: ProviderConfig): Promise<UserManager> {
  manager ??= import('oidc-client-ts').then(({ UserManager, WebStorageStateStore }) => {
    // The PKCE verifier and the provider's tokens stay with this tab only.
    const store = new WebStorageStateStore({ store: sessionStorage });
    const m = new UserManager({
      authority: provider.issuer,
      client_id: provider.clientId,
      redirect_uri: `${location.origin}/`,
      post_logout_redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: provider.scope ?? DEFAULT_SCOPE,
      loadUserInfo: false,
      automaticSilentRenew: true,
      userStore: store,
      stateStore: store,
    });
    m.events.addUserLoaded((user) => void renewed(m, user));
    return m;
  });
  return manager;
}

/** The provider's access token as the app's session: the server decides who it makes its bearer. */
async function providerSession(accessToken: string): Promise<Session> {
  const { user } = await api('GET /api/auth/me', { token: accessToken });
  return sessionFromIdentity(accessToken, user);
}

/** Silent renewal brought a new access token: the socket uses it from its next connect. */
async function renewed(m: UserManager, user: User): Promise<void> {
  if (completing) return;
  if (!app.session?.provider) {
    // Signed out meanwhile (the session ended): stop renewing.
    await m.removeUser().catch(() => {});
    return;
  }
  try {
    app.renewToken(await providerSession(user.access_token));
  } catch {
    // Not accepted: the current token serves until it ends, then the person signs in again.
  }
}

/* What the sign-in page shows while a callback is completed, and why one failed. */
export interface ProviderStatus {
  busy: boolean;
  error?: { key: MessageKey } | { cause: unknown };
}
let status: ProviderStatus = { busy: false };
const listeners = new Set<() => void>();
function setStatus(next: ProviderStatus): void {
  status = next;
  for (const listener of listeners) listener();
}

// Back from the provider's page with the browser's back button (a page restored from its cache): not busy any more.
addEventListener('pageshow', (e) => {
  if (e.persisted && status.busy) setStatus({ busy: false });
});

export function useProviderStatus(): ProviderStatus {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return status;
}

/** "Sign in with …": off to the provider's sign-in page. */
export async function signInWithProvider(provider: ProviderConfig): Promise<void> {
  setStatus({ busy: true });
  try {
    const m = await userManager(provider);
    if (location.hash.length > 2) sessionStorage.setItem(RETURN_KEY, location.hash);
    else sessionStorage.removeItem(RETURN_KEY);
    await m.signinRedirect({ ui_locales: getLang() });
  } catch (err) {
    setStatus({ busy: false, error: { key: 'signIn.providerFailed' } });
    throw err;
  }
}

const home = (role: Role) => (role === 'clinician' ? 'board' : role === 'admin' ? 'admin' : 'conversations');

/** The provider sent the browser back here with a code (or an error) for this tab's sign-in. */
function isCallback(): boolean {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

async function completeSignIn(): Promise<void> {
  const url = location.href;
  // The code leaves the address bar and the history at once (it is single-use, but never shown or bookmarked).
  history.replaceState(null, '', location.pathname);
  setStatus({ busy: true });
  let m: UserManager | undefined;
  try {
    const { oidc } = await authConfig();
    if (!oidc) throw new Error('The server names no provider');
    m = await userManager(oidc);
    completing = true;
    const user = await m.signinCallback(url).finally(() => (completing = false));
    if (!user) throw new Error('No sign-in came back');
    const session = await providerSession(user.access_token);
    await app.signIn(session);
    const back = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    if (back) location.hash = back;
    else go(home(session.role));
    setStatus({ busy: false });
  } catch (err) {
    await m?.removeUser().catch(() => {});
    if (app.session?.provider) app.signOut();
    // A token the server refuses: mostly an account with no role mapped for this service.
    setStatus({ busy: false, error: err instanceof ApiError && err.code === 'AUTH_INVALID' ? { key: 'signIn.providerNoRole' } : err instanceof ApiError ? { cause: err } : { key: 'signIn.providerFailed' } });
  }
}

/**
 * On load (main.tsx): completes a provider's callback, or, for a session the provider gave before
 * a reload, takes up its renewal again.
 */
export function resumeProvider(session: Session | undefined): void {
  if (isCallback()) {
    void completeSignIn();
    return;
  }
  if (!session?.provider) return;
  void authConfig()
    .then(({ oidc }) => (oidc ? userManager(oidc) : undefined))
    // Loading the stored user arms the renewal timer.
    .then((m) => m?.getUser())
    .catch(() => {});
}

/** "Sign out": the local session, and the provider's too when it gave this one. */
export function signOut(): void {
  const viaProvider = app.session?.provider === true;
  app.signOut();
  if (!viaProvider) return;
  void authConfig()
    .then(({ oidc }) => (oidc ? userManager(oidc) : undefined))
    .then((m) => m?.signoutRedirect())
    .catch(() => {
      // The provider is unreachable: the app's session is gone all the same.
    });
}
