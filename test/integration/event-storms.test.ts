import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, recordEvents, startServer, type TestServer, type TestSocket } from '../support/server.js';
import { eventually } from '../support/wait.js';

// One window of the coalescing notifier (server/infra/coalescing-notifier.ts), and a little slack.
const WINDOW_MS = 1000;
const settle = () => new Promise((r) => setTimeout(r, WINDOW_MS + 300));
/** At most one event per window: the first at once, then one as each window closes (a slow machine may stretch a storm over several). */
const mostEvents = (stormStarted: number) => 1 + Math.ceil((performance.now() - stormStarted) / WINDOW_MS);

let server: TestServer;
beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
});
afterEach(() => server.close());

describe('storms do not become event storms', () => {
  it('a member cycling join and leave reaches the others as the first change and the final state', async () => {
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const { group } = await ok(sam, 'group:create', { name: 'Evening circle', visibility: 'open' });
    await ok(sam, 'conversation:join', { conversationId: group.id });
    const heard = recordEvents(sam);

    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      await ok(alice, 'group:join', { conversationId: group.id });
      await ok(alice, 'group:leave', { conversationId: group.id });
    }
    await settle();
    const members = heard.filter((e) => e.event.startsWith('member:'));
    // 20 changes without coalescing; the first goes out at once, the final state once its window closes.
    expect(members.length).toBeLessThanOrEqual(mostEvents(started));
    expect(members[0]!.event).toBe('member:joined');
    expect(members.at(-1)).toMatchObject({ event: 'member:left', payload: { conversationId: group.id, userId: 'alice', reason: 'left' } });

    // A storm that ends where the others last heard it ended says nothing more; a change after the window is heard at once.
    heard.length = 0;
    await ok(alice, 'group:join', { conversationId: group.id });
    await eventually(() => heard.some((e) => e.event === 'member:joined'));
  });

  it('a user connecting and disconnecting in a loop reaches their contacts as the first change and the final state', async () => {
    await server.assign('alice', 'sam');
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    const heard = recordEvents(sam);
    const started = performance.now();
    for (let i = 0; i < 8; i++) {
      const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
      alice.disconnect();
      await eventually(() => server.app.io.of('/').sockets.size === 1);
    }
    await settle();
    const presence = heard.filter((e) => e.event === 'presence:changed').map((e) => e.payload.online);
    expect(presence.length).toBeLessThanOrEqual(mostEvents(started));
    expect(presence[0]).toBe(true);
    expect(presence.at(-1)).toBe(false);
  });

  it('a typist toggling 100 times in a second reaches the partner a few times, ending with the latest state', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const sam: TestSocket = await server.connectAs({ role: 'specialist', sub: 'sam' });
    for (const s of [alice, sam]) await ok(s, 'conversation:join', { conversationId });
    const heard = recordEvents(sam);
    for (let i = 0; i < 100; i++) {
      alice.emit('typing:set', { conversationId, typing: i % 2 === 0 }, () => {});
      await new Promise((r) => setTimeout(r, 10));
    }
    await settle();
    const typing = heard.filter((e) => e.event === 'typing:changed');
    expect(typing.length).toBeGreaterThan(0);
    expect(typing.length).toBeLessThanOrEqual(5);
    expect(typing.at(-1)!.payload).toMatchObject({ userId: 'alice', typing: false });
  });
});
