import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connectSocket, ok, startServer, type TestServer } from '../support/server.js';

let server: TestServer;
afterEach(() => server.close());

describe('message rate limit', () => {
  beforeEach(async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '5', MESSAGE_BURST: '10' });
  });

  it('answers RATE_LIMITED with retryAfterMs past the burst, stores nothing extra, and spares other users', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const other = await server.assign('bob', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const bob = await server.connectAs({ role: 'mentee', sub: 'bob' });

    const flood = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(alice, 'message:send', { conversationId, clientMessageId: `f-${i}`, body: `flood ${i}` })),
    );
    const accepted = flood.filter((r) => r.ok);
    const limited = flood.filter((r) => !r.ok);
    expect(accepted).toHaveLength(10);
    expect(limited).toHaveLength(20);
    for (const r of limited) {
      if (r.ok) continue;
      expect(r.error.code).toBe('RATE_LIMITED');
      expect(r.error.retryAfterMs).toBeGreaterThan(0);
      expect(r.error.retryAfterMs).toBeLessThanOrEqual(2000);
    }
    expect((await ok(alice, 'conversation:sync', { conversationId, afterSeq: 0 })).lastSeq).toBe(10);

    // Bob's allowance is his own.
    for (let i = 0; i < 10; i++) {
      await ok(bob, 'message:send', { conversationId: other.conversationId, clientMessageId: `b-${i}`, body: `hi ${i}` });
    }
    expect(alice.connected).toBe(true);
  });

  it('lets the user send again once retryAfterMs has passed', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    let wait = 0;
    for (let i = 0; i < 11; i++) {
      const res = await call(alice, 'message:send', { conversationId, clientMessageId: `m-${i}`, body: 'x' });
      if (!res.ok) wait = res.error.retryAfterMs ?? 0;
    }
    expect(wait).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait + 50));
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'after', body: 'back again' });
  });
});

describe('rate limit off', () => {
  it('MESSAGE_RATE_PER_SEC=0 turns it off', async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(alice, 'message:send', { conversationId, clientMessageId: `n-${i}`, body: 'x' })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
  });
});

describe('every command has a cost', () => {
  it('a guest cycling crisis requests is refused with RATE_LIMITED and retryAfterMs; a signed-in mentee has more room', async () => {
    const limited = await startServer({ ESCALATION_TICK_MS: '100' });
    try {
      const guestRes = await limited.http('/api/guest', { method: 'POST', body: {} });
      const guest = await connectSocket(limited.url, guestRes.body.token);
      let refusal: any;
      for (let i = 0; i < 10 && !refusal; i++) {
        const res = await call(guest, 'support:request', { topic: 'x', note: 'hello' });
        if (!res.ok) refusal = res;
        else await ok(guest, 'support:cancel', { requestId: res.request.id });
      }
      expect(refusal).toEqual({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }) });
      expect(refusal.error.retryAfterMs).toBeGreaterThan(0);
      const mentee = await limited.connectAs({ role: 'mentee', sub: 'mia' });
      for (let i = 0; i < 8; i++) {
        const { request } = await ok(mentee, 'support:request', { topic: 'x', note: 'hello' });
        await ok(mentee, 'support:cancel', { requestId: request.id });
      }
      guest.disconnect();
    } finally {
      await limited.close();
    }
  });
});
