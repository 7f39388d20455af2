import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, ok, startServer, TEST_JWT, waitFor, type TestServer } from '../support/server.js';
import { EVENT_TIMEOUT_MS } from '../support/timeouts.js';

const claims = { sub: 'alice', role: 'mentee', name: 'Alice' };
const signOpts = { issuer: TEST_JWT.JWT_ISSUER, audience: TEST_JWT.JWT_AUDIENCE, expiresIn: 600 } as const;
const hs = (payload: object, options: jwt.SignOptions = {}, secret: string = TEST_JWT.JWT_SECRET) =>
  jwt.sign(payload, secret, { algorithm: 'HS256', ...signOpts, ...options });
/** Already expired: `exp` in the payload, so no expiresIn option. */
const hsExpired = (payload: object) =>
  jwt.sign({ ...payload, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT.JWT_SECRET, {
    algorithm: 'HS256',
    issuer: TEST_JWT.JWT_ISSUER,
    audience: TEST_JWT.JWT_AUDIENCE,
  });

/** A token with `alg: none`: header and payload, no signature. */
function unsigned(payload: object) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...payload, iss: TEST_JWT.JWT_ISSUER, aud: TEST_JWT.JWT_AUDIENCE, exp: now + 600 })}.`;
}

async function refusal(url: string, token: string | undefined) {
  const err = await connectSocket(url, token).then(
    (s) => {
      s.disconnect();
      throw new Error('the handshake was accepted');
    },
    (e: Error & { data?: { code: string; message: string } }) => e,
  );
  return err.data;
}

describe('HS256 handshake', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: Array<[string, () => string | undefined, string]> = [
    ['no token', () => undefined, 'AUTH_REQUIRED'],
    ['an empty token', () => '', 'AUTH_REQUIRED'],
    ['garbage', () => 'not.a.jwt', 'AUTH_INVALID'],
    ['an expired token', () => hsExpired(claims), 'AUTH_EXPIRED'],
    ['a token signed with the wrong secret', () => hs(claims, {}, 'another-secret-that-is-also-long-enough-0123'), 'AUTH_INVALID'],
    ['a token with alg none', () => unsigned(claims), 'AUTH_INVALID'],
    ['a token with another algorithm (RS256)', () => jwt.sign(claims, privateKey, { algorithm: 'RS256', ...signOpts }), 'AUTH_INVALID'],
    ['a token with another HMAC algorithm (HS512)', () => jwt.sign(claims, TEST_JWT.JWT_SECRET, { algorithm: 'HS512', ...signOpts }), 'AUTH_INVALID'],
    ['a wrong issuer', () => hs(claims, { issuer: 'https://evil.test' }), 'AUTH_INVALID'],
    ['a wrong audience', () => hs(claims, { audience: 'someone-else' }), 'AUTH_INVALID'],
    ['no issuer', () => jwt.sign(claims, TEST_JWT.JWT_SECRET, { audience: TEST_JWT.JWT_AUDIENCE, expiresIn: 600 }), 'AUTH_INVALID'],
    ['no expiry', () => jwt.sign(claims, TEST_JWT.JWT_SECRET, { issuer: TEST_JWT.JWT_ISSUER, audience: TEST_JWT.JWT_AUDIENCE }), 'AUTH_INVALID'],
    ['no sub', () => hs({ role: 'mentee', name: 'Alice' }), 'AUTH_INVALID'],
    ['no role', () => hs({ sub: 'alice', name: 'Alice' }), 'AUTH_INVALID'],
    ['no name', () => hs({ sub: 'alice', role: 'mentee' }), 'AUTH_INVALID'],
    ['an unknown role', () => hs({ ...claims, role: 'superuser' }), 'AUTH_INVALID'],
    ['a sub of the wrong shape', () => hs({ ...claims, sub: { $ne: null } }), 'AUTH_INVALID'],
    ['a name with control characters', () => hs({ ...claims, name: 'Al\u001bice' }), 'AUTH_INVALID'],
    ['an iat more than a minute in the future', () => hs({ ...claims, iat: Math.floor(Date.now() / 1000) + 3600 }), 'AUTH_INVALID'],
    ['a lifetime over JWT_MAX_TTL_SEC (a day)', () => hs(claims, { expiresIn: 2 * 86_400 }), 'AUTH_INVALID'],
  ];

  it.each(cases)('refuses %s with connect_error and a stable code', async (_name, token, code) => {
    const data = await refusal(server.url, token());
    expect(data?.code).toBe(code);
    expect(typeof data?.message).toBe('string');
  });

  it('creates no socket for a refused handshake', async () => {
    await refusal(server.url, hs(claims, { audience: 'wrong' }));
    expect(server.app.io.of('/').sockets.size).toBe(0);
  });

  it('removes direction controls from names, so a name cannot pose as another ("Dr. …" written backwards)', async () => {
    const socket = await connectSocket(server.url, hs({ ...claims, sub: 'bidi', name: '\u202Ertsnecil\u202C Dr. \u2066Who\u2069' }));
    socket.disconnect();
    const guest = await server.http('/api/guest', { method: 'POST', body: { displayName: 'Nurse\u202E eloc' } });
    expect(guest.status).toBe(201);
    expect(guest.body.user.name).toBe('Nurse eloc');
    const { conversationId } = await server.assign('bidi', 'sam');
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    const [conversation] = (await ok(sam, 'conversation:list', {})).conversations.filter((c) => c.id === conversationId);
    expect(conversation!.participants.find((p) => p.userId === 'bidi')?.name).toBe('rtsnecil Dr. Who');
    sam.disconnect();
  });

  it('accepts a valid token and remembers the user’s latest claims', async () => {
    const socket = await connectSocket(server.url, hs({ ...claims, name: 'Alice B.', programId: 'prog-1' }));
    await ok(socket, 'conversation:list', {});
    expect(await server.app.store.users.get('alice')).toMatchObject({ role: 'mentee', name: 'Alice B.', programId: 'prog-1' });
    socket.disconnect();
  });

  it('disconnects at expiry with a reason the client can read', async () => {
    const socket = await connectSocket(server.url, hs(claims, { expiresIn: 3 }));
    const expired = waitFor(socket, 'session:expired', () => true, 3000 + EVENT_TIMEOUT_MS);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(await expired).toEqual({ reason: 'TOKEN_EXPIRED', message: expect.any(String) });
    expect(await disconnected).toBe('io server disconnect');
  });
});

describe('RS256 handshake', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ JWT_SECRET: '', JWT_PUBLIC_KEY: publicPem });
  });
  afterAll(() => server.close());

  it('accepts a token signed with the private key', async () => {
    const socket = await connectSocket(server.url, jwt.sign(claims, privateKey, { algorithm: 'RS256', ...signOpts }));
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('refuses an HS256 token that uses the public key as its secret (algorithm confusion)', async () => {
    const forged = hs(claims, {}, publicPem);
    expect((await refusal(server.url, forged))?.code).toBe('AUTH_INVALID');
  });
});

describe('origins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CORS_ORIGINS: 'https://chat.example.org, https://admin.example.org' });
  });
  afterAll(() => server.close());

  const withOrigin = (origin: string, transports: string[]) =>
    new Promise<'connected' | 'refused'>((resolve) => {
      const socket = io(server.url, {
        transports,
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin },
        auth: { token: server.token({ role: 'mentee', sub: 'alice' }) },
      });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', () => {
        socket.disconnect();
        resolve('refused');
      });
    });

  it.each([['websocket'], ['polling']])('refuses a browser origin outside CORS_ORIGINS at the %s handshake', async (transport) => {
    expect(await withOrigin('https://evil.example', [transport])).toBe('refused');
    expect(server.app.io.of('/').sockets.size).toBe(0);
  });

  it.each([['websocket'], ['polling']])('accepts a listed origin over %s', async (transport) => {
    expect(await withOrigin('https://chat.example.org', [transport])).toBe('connected');
  });

  it('sends CORS headers on HTTP only for listed origins', async () => {
    const listed = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://admin.example.org' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://admin.example.org');
    const other = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP bearer authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it.each([
    ['no Authorization header', undefined, 401, 'AUTH_REQUIRED'],
    ['an expired token', hsExpired({ ...claims, role: 'admin' }), 401, 'AUTH_EXPIRED'],
    ['a forged token', hs({ ...claims, role: 'admin' }, {}, 'x'.repeat(40)), 401, 'AUTH_INVALID'],
    ['a mentee token', hs(claims), 403, 'FORBIDDEN'],
    ['a specialist token', hs({ ...claims, role: 'specialist' }), 403, 'FORBIDDEN'],
  ])('POST /api/mentorships with %s → %i %s', async (_name, token, status, code) => {
    const res = await server.http('/api/mentorships', { method: 'POST', body: { menteeId: 'a', specialistId: 'b' }, ...(token ? { token } : {}) });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});
