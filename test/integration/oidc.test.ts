import jwt from 'jsonwebtoken';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcVerifier, parseRoleMap, type OidcConfig } from '../../server/auth/oidc.js';
import { createTokenVerifier } from '../../server/auth/tokens.js';
import { loadConfig } from '../../server/config.js';
import { newSigningKey, startOidcProvider, type SigningKey } from '../support/oidc-provider.js';
import { connectSocket, httpJson, startServer, TEST_JWT, type TestServer } from '../support/server.js';

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let key1: SigningKey;
let server: TestServer | undefined;
beforeEach(async () => {
  key1 = await newSigningKey('key-1');
  provider = await startOidcProvider({ keys: [key1] });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await provider.close();
});

const config = (over: Partial<OidcConfig> = {}): OidcConfig => ({
  issuer: provider.issuer,
  audience: 'peer-support-test',
  roleClaim: 'role',
  roleMap: parseRoleMap('ggz-clinician=clinician,peer=specialist,client=mentee,beheer=admin'),
  nameClaim: 'name',
  providerName: 'Test IdP',
  ...over,
});
const claims = { sub: 'staff-17', name: 'Dr. Carol Jansen', role: 'ggz-clinician' };

describe('OpenID Connect: tokens from the organisation’s provider', () => {
  it('accepts a provider token and maps its claims to an identity', async () => {
    const verifier = await createOidcVerifier(config());
    expect(await verifier.verify(await provider.sign(claims), Date.now())).toMatchObject({ userId: 'staff-17', role: 'clinician', name: 'Dr. Carol Jansen' });
  });

  it('reads a nested array claim; the most privileged mapped role wins; a program claim is carried', async () => {
    const verifier = await createOidcVerifier(config({ roleClaim: 'realm_access.roles', programClaim: 'org.program' }));
    const token = await provider.sign({ sub: 'staff-18', preferred_username: 'pjansen', realm_access: { roles: ['offline_access', 'peer', 'ggz-clinician'] }, org: { program: 'prog-a' } });
    expect(await verifier.verify(token, Date.now())).toMatchObject({ userId: 'staff-18', role: 'clinician', name: 'pjansen', programId: 'prog-a' });
  });

  it('refuses a missing or unmapped role, naming the claim it read', async () => {
    const verifier = await createOidcVerifier(config({ roleClaim: 'realm_access.roles' }));
    for (const extra of [{}, { realm_access: { roles: ['offline_access'] } }, { realm_access: 'peer' }]) {
      await expect(verifier.verify(await provider.sign({ sub: 'x', ...extra }), Date.now())).rejects.toMatchObject({ code: 'AUTH_INVALID', message: expect.stringContaining('realm_access.roles') });
    }
  });

  it('refuses a wrong issuer, a wrong audience, an unknown kid, an HS256 token and an expired one', async () => {
    const verifier = await createOidcVerifier(config());
    const now = Date.now();
    await expect(verifier.verify(await provider.sign(claims, key1, { issuer: 'https://evil.example.org' }), now)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    await expect(verifier.verify(await provider.sign(claims, key1, { audience: 'someone-else' }), now)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    await expect(verifier.verify(await provider.sign(claims, await newSigningKey('not-served')), now)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    const hs = jwt.sign({ ...claims, iss: provider.issuer, aud: 'peer-support-test' }, 'a-secret-an-attacker-picked-0123456789', { algorithm: 'HS256', keyid: 'key-1', expiresIn: 600 });
    await expect(verifier.verify(hs, now)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    await expect(verifier.verify(await provider.sign(claims, key1, { expiresIn: '1s' }), now + 120_000)).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
  });

  it('follows a key rotation without a restart, and refreshes the keys at most about once a minute however many unknown kids arrive', async () => {
    const verifier = await createOidcVerifier(config());
    expect(await verifier.verify(await provider.sign(claims), Date.now())).toMatchObject({ userId: 'staff-17' });
    const fetchesBefore = provider.jwksFetches();
    // A stream of tokens with kids nobody serves: no more than one refresh for all of them.
    const stranger = await newSigningKey('stranger');
    for (let i = 0; i < 20; i++) await expect(verifier.verify(await provider.sign(claims, stranger), Date.now())).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(provider.jwksFetches() - fetchesBefore).toBeLessThanOrEqual(1);
  });

  it('a key rotated at the provider is fetched when a token names it, without a restart', async () => {
    // A short cooldown here so the test need not wait a minute; the server uses about a minute.
    const verifier = await createOidcVerifier(config(), { jwksCooldownMs: 300 });
    expect(await verifier.verify(await provider.sign(claims, key1), Date.now())).toMatchObject({ role: 'clinician' });
    const key2 = await newSigningKey('key-2', 'ES256');
    await provider.rotate([key2]);
    const fetched = provider.jwksFetches();
    await new Promise((r) => setTimeout(r, 400));
    expect(await verifier.verify(await provider.sign(claims, key2), Date.now())).toMatchObject({ role: 'clinician' });
    expect(provider.jwksFetches()).toBe(fetched + 1);
    // The retired key is gone from the provider: its tokens no longer pass.
    await new Promise((r) => setTimeout(r, 400));
    await expect(verifier.verify(await provider.sign(claims, key1), Date.now())).rejects.toMatchObject({ code: 'AUTH_INVALID' });
  });

  it('the server: provider tokens open sockets and call the API; guest tokens keep working; the sign-in page learns the provider', async () => {
    server = await startServer({ OIDC_ISSUER: provider.issuer, OIDC_ROLE_MAP: 'ggz-clinician=clinician,client=mentee', OIDC_CLIENT_ID: 'web-app', OIDC_PROVIDER_NAME: 'Test IdP' });
    const socket = await connectSocket(server.url, await provider.sign(claims));
    expect(socket.connected).toBe(true);
    socket.disconnect();
    const policy = await httpJson(`${server.url}/api/escalation-policy`, { token: await provider.sign(claims) });
    expect(policy.status).toBe(200);
    const guest = await httpJson(`${server.url}/api/guest`, { method: 'POST', body: {} });
    const guestSocket = await connectSocket(server.url, guest.body.token);
    expect(guestSocket.connected).toBe(true);
    guestSocket.disconnect();
    expect((await httpJson(`${server.url}/api/auth/config`)).body).toEqual({ demo: false, oidc: { issuer: provider.issuer, clientId: 'web-app', providerName: 'Test IdP' } });
    await expect(connectSocket(server.url, await provider.sign({ ...claims, role: 'visitor' }))).rejects.toThrow(/role/);
  });

  it('in production, the server’s own key signs guests only', async () => {
    const keys = { algorithm: 'HS256' as const, verifyKey: TEST_JWT.JWT_SECRET, signKey: TEST_JWT.JWT_SECRET, issuer: TEST_JWT.JWT_ISSUER, audience: TEST_JWT.JWT_AUDIENCE };
    const verifier = createTokenVerifier(keys, Date.now, { oidc: await createOidcVerifier(config()), ownKeyForGuestsOnly: true });
    const own = (sub: string, role: string) => jwt.sign({ sub, role, name: 'X' }, TEST_JWT.JWT_SECRET, { algorithm: 'HS256', issuer: TEST_JWT.JWT_ISSUER, audience: TEST_JWT.JWT_AUDIENCE, expiresIn: 600 });
    expect(await verifier.verify(own('guest-abc', 'mentee'))).toMatchObject({ role: 'mentee' });
    await expect(verifier.verify(own('ada', 'admin'))).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(await verifier.verify(await provider.sign(claims))).toMatchObject({ role: 'clinician' });
  });

  it('configuration: an http issuer only on loopback and never in production; a role map that names no role stops the start', () => {
    const base = { ...TEST_JWT, PORT: '0' };
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'http://idp.example.org' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'http://127.0.0.1:8080', NODE_ENV: 'production' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://idp.example.org', OIDC_ROLE_MAP: 'doctor=surgeon' })).toThrow(/OIDC_ROLE_MAP/);
    expect(loadConfig({ ...base, OIDC_ISSUER: 'https://idp.example.org' }).oidc).toMatchObject({ issuer: 'https://idp.example.org', roleClaim: 'role', providerName: 'idp.example.org' });
  });
});
