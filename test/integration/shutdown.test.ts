import { describe, expect, it } from 'vitest';
import { createFaultyStore } from '../support/faulty-store.js';
import { call, connectSocket, startServer } from '../support/server.js';
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
