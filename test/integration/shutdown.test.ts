import { describe, expect, it } from 'vitest';
import { createFaultyStore } from '../support/faulty-store.js';
import { call, connectSocket, startServer } from '../support/server.js';

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
