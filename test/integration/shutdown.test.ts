import { describe, expect, it } from 'vitest';
import { createFaultyStore } from '../support/faulty-store.js';
import { call, connectSocket, httpJson, startServer } from '../support/server.js';
import { eventually } from '../support/wait.js';

describe('graceful shutdown', () => {
  it('lets an in-flight acknowledgement finish, refuses new connections, then closes the transports', async () => {
    const { store, faults } = createFaultyStore();
    const server = await startServer({}, { store });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    faults.appendDelayMs = 300;
    const disconnected = new Promise<string>((resolve) => alice.once('disconnect', resolve));
    const sending = call(alice, 'message:send', { conversationId, clientMessageId: 'last-words', body: 'goodbye' });
    while (faults.appendCalls === 0) await new Promise((r) => setTimeout(r, 5));

    const closing = server.app.close();
    await expect(connectSocket(server.url, server.token({ role: 'mentee', sub: 'bob' }))).rejects.toThrow();
    const ack = await sending;
    expect(ack).toMatchObject({ ok: true, message: { seq: 1, body: 'goodbye' } });
    // A transport close, not a protocol disconnect: clients reconnect (to another node, if any).
    expect(await disconnected).toBe('transport close');
    await closing;
  });
});

describe('connection limits', () => {
  it('one address holds at most MAX_CONNECTIONS_PER_ADDRESS connections; closing one makes room', async () => {
    const { connect } = await import('node:net');
    const limited = await startServer({ MAX_CONNECTIONS_PER_ADDRESS: '3' });
    const open = () =>
      new Promise<{ closedQuickly: Promise<boolean>; socket: import('node:net').Socket }>((resolve) => {
        const socket = connect(limited.port, '127.0.0.1', () => {
          const closedQuickly = new Promise<boolean>((r) => {
            socket.once('close', () => r(true));
            setTimeout(() => r(false), 500);
          });
          resolve({ closedQuickly, socket });
        });
        socket.on('error', () => {});
      });
    try {
      const first = await Promise.all([open(), open(), open()]);
      const fourth = await open();
      expect(await fourth.closedQuickly).toBe(true);
      first[0]!.socket.destroy();
      // Room again once the server has seen that close (no sooner on a busy machine: try until it lets one stay).
      let fifth = await open();
      for (let i = 0; i < 20 && (await fifth.closedQuickly); i++) fifth = await open();
      expect(await fifth.closedQuickly).toBe(false);
      for (const c of [...first, fifth]) c.socket.destroy();
      // And once they are closed, the address is served again.
      await eventually(async () => (await limited.http('/healthz').catch(() => ({ status: 0 }))).status === 200);
    } finally {
      await limited.close();
    }
  });

  // An Engine.IO handshake as a browser's first polling request makes it; the refusal's reason is in the body.
  const handshake = (url: string, headers: Record<string, string> = {}) => httpJson(`${url}/socket.io/?EIO=4&transport=polling`, { headers });

  it('refuses an address its handshakes past HANDSHAKES_PER_MINUTE_PER_ADDRESS, before looking at the token', async () => {
    const limited = await startServer({ HANDSHAKES_PER_MINUTE_PER_ADDRESS: '3' });
    try {
      const token = limited.token({ role: 'mentee', sub: 'alice' });
      const sockets = [await connectSocket(limited.url, token), await connectSocket(limited.url, token)];
      // A refused token still spends an attempt: a flood of bad handshakes is what this stops.
      await expect(connectSocket(limited.url, 'not-a-token')).rejects.toThrow();
      await expect(connectSocket(limited.url, token)).rejects.toThrow();
      expect(await handshake(limited.url)).toMatchObject({ status: 403, body: { message: 'Too many connection attempts' } });
      // Those already connected are not touched.
      expect(sockets.every((s) => s.connected)).toBe(true);
      for (const s of sockets) s.disconnect();
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted proxy, counts handshakes by the forwarded client address', async () => {
    const limited = await startServer({ HANDSHAKES_PER_MINUTE_PER_ADDRESS: '1', TRUST_PROXY: '1' });
    try {
      expect((await handshake(limited.url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
      expect((await handshake(limited.url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(403);
      expect((await handshake(limited.url, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('sets deadlines for request headers and bodies', async () => {
    const server = await startServer();
    try {
      expect(server.app.httpServer.headersTimeout).toBe(10_000);
      expect(server.app.httpServer.requestTimeout).toBe(30_000);
    } finally {
      await server.close();
    }
  });
});
