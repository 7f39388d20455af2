import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../client/web/build.js';
import { httpJson, startServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeAll(() => ensureWebBuild({ quiet: true }), 60_000);

// The embedded default: no key configured, so the server generates its own secret.
const EMBEDDED = { JWT_SECRET: '', JWT_ISSUER: '', JWT_AUDIENCE: '' };

describe('serving the web app', () => {
  it('answers / with the app, never cached; hashed assets cached for a year; client routes fall back to the app', async () => {
    server = await startServer();
    const index = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain('<div id="app">');
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeTruthy();
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');

    const deep = await fetch(`${server.url}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    // The server's own paths keep their JSON answers.
    expect((await httpJson(`${server.url}/api/nothing-here`)).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('the first load stays within 60 KB of JavaScript, gzip', async () => {
    server = await startServer();
    const html = await (await fetch(`${server.url}/`)).text();
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const { gzipSync } = await import('node:zlib');
    let total = 0;
    for (const src of scripts) total += gzipSync(Buffer.from(await (await fetch(`${server.url}${src}`)).arrayBuffer())).length;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });
});

describe('demo sign-in', () => {
  it('on the embedded default, mints a token for a name and role that the socket accepts; the same name gives the same user', async () => {
    server = await startServer(EMBEDDED);
    expect((await httpJson(`${server.url}/api/demo`)).body).toEqual({ roles: ['mentee', 'specialist', 'clinician', 'admin'] });
    const first = await httpJson(`${server.url}/api/demo/token`, { method: 'POST', body: { name: 'Carol Jansen', role: 'clinician' } });
    expect(first.status).toBe(201);
    expect(first.body.user).toEqual({ userId: 'demo-clinician-carol-jansen', name: 'Carol Jansen', role: 'clinician' });
    const again = await httpJson(`${server.url}/api/demo/token`, { method: 'POST', body: { name: 'Carol Jansen', role: 'clinician' } });
    expect(again.body.user.userId).toBe(first.body.user.userId);
    const { connectSocket } = await import('../support/server.js');
    const socket = await connectSocket(server.url, first.body.token);
    expect(socket.connected).toBe(true);
    socket.disconnect();
    // Bad input is refused with a code; bidi controls never reach a name.
    expect((await httpJson(`${server.url}/api/demo/token`, { method: 'POST', body: { name: 'x', role: 'superuser' } })).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const bidi = await httpJson(`${server.url}/api/demo/token`, { method: 'POST', body: { name: 'Dr.\u202E Smith', role: 'mentee' } });
    expect(bidi.body.user?.name ?? '').not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('does not exist when a real key is configured', async () => {
    server = await startServer();
    expect((await httpJson(`${server.url}/api/demo`)).status).toBe(404);
    expect((await httpJson(`${server.url}/api/demo/token`, { method: 'POST', body: { name: 'Eve', role: 'admin' } })).status).toBe(404);
  });
});

describe('GET /api/crisis-resources', () => {
  it('answers anyone with the crisis lines for a language', async () => {
    server = await startServer();
    const nl = await httpJson(`${server.url}/api/crisis-resources?lang=nl`);
    expect(nl.status).toBe(200);
    expect(nl.body.resources.length).toBeGreaterThan(0);
    expect(nl.body.resources[0].name).toBeTruthy();
    expect((await httpJson(`${server.url}/api/crisis-resources?lang=<script>`)).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
