import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newSigningKey, startOidcProvider, type Accounts } from '../support/oidc-provider.js';
import { freePort } from '../support/processes.js';
import { TEST_JWT, type TestServer } from '../support/server.js';
import { launchBrowser, openApp, screenshot, startWebServer } from './browser.js';

/** The provider's people: its role claim speaks the organisation's words, OIDC_ROLE_MAP translates. */
const ACCOUNTS: Record<string, { name: string; role: string }> = {
  sam: { name: 'Sam Visser', role: 'peer' },
  carol: { name: 'Carol Jansen', role: 'ggz-clinician' },
};
const accounts: Accounts = (login) => ACCOUNTS[login] ?? { name: login, role: 'visitor' };
/** Short-lived access tokens: renewal (a minute before expiry) starts a few seconds after signing in. */
const ACCESS_TOKEN_TTL_SEC = 66;

let browser: Browser;
let server: TestServer;
let provider: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  // The provider registers the app's redirect URI, so the app's port is chosen first.
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}/`;
  provider = await startOidcProvider({
    keys: [await newSigningKey('idp-1')],
    interactive: true,
    accounts,
    api: { audience: TEST_JWT.JWT_AUDIENCE, scope: 'chat', accessTokenTtlSec: ACCESS_TOKEN_TTL_SEC },
    clients: [
      {
        client_id: 'web-app',
        token_endpoint_auth_method: 'none',
        redirect_uris: [appUrl],
        post_logout_redirect_uris: [appUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
  });
  [browser, server] = await Promise.all([
    launchBrowser(),
    startWebServer({
      ...TEST_JWT,
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'web-app',
      OIDC_PROVIDER_NAME: 'Test IdP',
      OIDC_ROLE_MAP: 'peer=specialist,ggz-clinician=clinician,client=mentee',
      // Like an Entra app's API scope: the access token is for the chat server.
      OIDC_SCOPE: 'openid profile offline_access chat',
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider?.close();
});

/** The provider's dev login page: any login, any password; then its consent page, when it asks. */
async function providerLogin(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((url) => url.origin === server.url || url.pathname.includes('/interaction/'));
  if (new URL(page.url()).origin !== server.url) await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === server.url);
}

const serverExpiryOf = async (userId: string) => (await server.app.io.fetchSockets()).filter((s) => s.data.user?.userId === userId).map((s) => s.data.user.expiresAt);

describe.sequential('signing in through the organisation’s OpenID Connect provider', () => {
  it('a staff member signs in at the provider, chats, keeps a renewed token across the old one’s end, and signs out there too', { timeout: 150_000 }, async () => {
    await server.assign('mila-1', 'sam');
    const staff = await openApp(browser, server);
    const signInButton = staff.page.getByRole('button', { name: 'Sign in with Test IdP' });
    await signInButton.waitFor();
    // With a provider, no demo: the guest, the provider and the access-token box.
    expect(await staff.page.getByRole('button', { name: 'Sign in for the demo' }).count()).toBe(0);
    expect(await staff.page.getByLabel('Access token', { exact: true }).count()).toBe(1);
    await screenshot(staff.page, 'oidc-signin-en');
    const axe = await new AxeBuilder({ page: staff.page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    await signInButton.click();
    await staff.page.waitForURL((url) => url.origin === provider.issuer);
    await staff.page.getByPlaceholder('Enter any login').waitFor();
    await screenshot(staff.page, 'oidc-provider-login');
    await providerLogin(staff.page, 'sam');

    // Back, signed in as the provider's account with the role the server mapped; the code is gone from the address.
    await staff.page.getByText('Signed in as Sam Visser (peer specialist)').waitFor();
    expect(staff.page.url()).not.toMatch(/code=|state=/);
    const firstToken = await staff.page.evaluate(() => sessionStorage.getItem('session'));
    expect(firstToken).toBeTruthy();
    // The app's token is the provider's access token (for our audience), not the id token.
    const claims = JSON.parse(Buffer.from(firstToken!.split('.')[1]!, 'base64url').toString()) as { iss: string; aud: string; sub: string; role: string };
    expect(claims).toMatchObject({ iss: provider.issuer, aud: TEST_JWT.JWT_AUDIENCE, sub: 'sam', role: 'peer' });
    // "Signed in" shows before the socket's handshake reaches the server: wait for the connection.
    const firstExpiry = await vi.waitFor(
      async () => {
        const [expiry] = await serverExpiryOf('sam');
        expect(expiry).toBeTypeOf('number');
        return expiry!;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(firstExpiry).toBeGreaterThan(Date.now());

    // The mentee signs in with a token the organisation issued, through the access-token box.
    const mentee = await openApp(browser, server);
    await mentee.page.getByLabel('Access token', { exact: true }).fill(server.token({ role: 'mentee', sub: 'mila-1', name: 'Mila' }));
    await mentee.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await mentee.page.getByRole('button', { name: 'Sign out' }).waitFor();

    await staff.page.getByRole('link', { name: /Mila/ }).click();
    await mentee.page.getByRole('link', { name: /Sam/ }).click();
    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('Hello Sam, are you there?');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => staff.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('Hello Sam, are you there?');
    await staff.page.getByRole('textbox', { name: 'Message' }).fill('Yes, I am here for you');
    await staff.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('Yes, I am here for you');

    // Silent renewal (with the refresh token) before expiry: a new access token in the session.
    await expect.poll(() => staff.page.evaluate(() => sessionStorage.getItem('session')), { timeout: 20_000 }).not.toBe(firstToken);
    // When the first token ends, the server closes its connection; the app reconnects with the renewed one and stays signed in.
    await expect
      .poll(
        async () => {
          const expiries = await serverExpiryOf('sam');
          return Date.now() > firstExpiry && expiries.length > 0 && expiries.every((e) => e > firstExpiry);
        },
        { timeout: (ACCESS_TOKEN_TTL_SEC + 20) * 1000, interval: 1000 },
      )
      .toBe(true);
    expect(await staff.page.getByText('Your session has ended').count()).toBe(0);
    // A reload keeps the session (the server's reading of the token is kept beside it) and takes up renewal again.
    const beforeReload = await staff.page.evaluate(() => sessionStorage.getItem('session'));
    await staff.page.reload();
    await staff.page.getByText('Signed in as Sam Visser (peer specialist)').waitFor();
    await expect.poll(() => staff.page.evaluate(() => sessionStorage.getItem('session')), { timeout: 20_000 }).not.toBe(beforeReload);
    await staff.page.getByRole('textbox', { name: 'Message' }).fill('Still here after the token changed');
    await staff.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('Still here after the token changed');

    // Signing out ends the provider's session as well: the next sign-in asks for the login again.
    await staff.page.getByRole('button', { name: 'Sign out' }).click();
    await staff.page.waitForURL((url) => url.origin === provider.issuer);
    await staff.page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await staff.page.waitForURL((url) => url.origin === server.url);
    await signInButton.waitFor();
    expect(await staff.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k === 'session' || k.startsWith('oidc.user')))).toEqual([]);
    await signInButton.click();
    await staff.page.getByPlaceholder('Enter any login').waitFor();

    await staff.context.close();
    await mentee.context.close();
  });

  it('the server: the provider’s scope for the app, who a token makes its bearer, and the provider in connect-src', async () => {
    expect((await server.http('/api/auth/config')).body).toEqual({
      demo: false,
      oidc: { issuer: provider.issuer, clientId: 'web-app', providerName: 'Test IdP', scope: 'openid profile offline_access chat' },
    });
    const me = await server.http('/api/auth/me', { token: await provider.sign({ sub: 'carol', ...ACCOUNTS.carol }) });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ userId: 'carol', name: 'Carol Jansen', role: 'clinician' });
    expect(me.body.user.expiresAt).toBeGreaterThan(Date.now());
    expect((await server.http('/api/auth/me', { token: await provider.sign({ sub: 'v', role: 'visitor' }) })).body.error.code).toBe('AUTH_INVALID');
    expect((await server.http('/api/auth/me')).status).toBe(401);
    const page = await server.http('/');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
  });

  it('an account whose role the server does not map is told so, and is not signed in', { timeout: 60_000 }, async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await providerLogin(page, 'visitor-7');
    await page.getByText('Your account at Test IdP has no role in this service.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(page.url()).not.toMatch(/code=/);
    await context.close();
  });
});
