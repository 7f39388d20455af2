import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisConnections } from '../../server/infra/redis.js';
import { RedisPresenceTracker } from '../../server/presence/redis-presence.tracker.js';
import { fakeClock, silentLogger } from '../support/fakes.js';
import { TestRedis } from '../support/redis-server.js';
import { eventually } from '../support/wait.js';
import { describePresenceContract, type PresenceWorld } from './presence.contract.js';

// The same contract as the in-memory tracker, against a real redis-server of this file's own, with
// each node's tracker on its own connections (as each server process has). Entries lapse by the
// trackers' clock, which only the test moves; the refresh and sweep run on their real timer.
const TTL_MS = 600;

let redis: TestRedis;
beforeAll(async () => {
  redis = await TestRedis.start();
});
afterAll(() => redis.stop());

interface Node {
  tracker: RedisPresenceTracker;
  connections: RedisConnections;
}

/** Nodes sharing one Redis and one clock; presence starts empty. */
async function openWorld() {
  // Starts at the real time: Redis expires the keys (PEXPIREAT) by its own clock.
  const clock = fakeClock(Date.now());
  const nodes: Node[] = [];
  const node = async (nodeId: string) => {
    const connections = await connectRedis(redis.url, silentLogger);
    const tracker = new RedisPresenceTracker({ redis: connections.commands, nodeId, ttlMs: TTL_MS, clock, log: silentLogger });
    nodes.push({ tracker, connections });
    return tracker;
  };
  const first = await connectRedis(redis.url, silentLogger);
  await first.commands.flushdb();
  await first.close();
  const world = {
    node,
    nodes,
    clock,
    lapse: { ttlMs: TTL_MS, advanceClock: (ms: number) => clock.advance(ms) },
    async dispose() {
      for (const n of nodes.splice(0)) {
        await n.tracker.close();
        await n.connections.close();
      }
    },
  } satisfies PresenceWorld & Record<string, unknown>;
  return world;
}

describePresenceContract('redis', { multiNode: true, lapses: true }, openWorld);

describe('RedisPresenceTracker beyond the contract', () => {
  let world: Awaited<ReturnType<typeof openWorld>> | undefined;
  afterEach(async () => {
    await redis.restart(); // a test may have killed it
    await world?.dispose();
    world = undefined;
  });

  it('a running node keeps its users from lapsing: its refresh renews them as time passes', async () => {
    world = await openWorld();
    const live = await world.node('node-a');
    const watcher = await world.node('node-b');
    const heard: Array<[string, boolean]> = [];
    watcher.watch((userId, online) => heard.push([userId, online]));
    await live.add('alice', 's1');
    const probe = world.nodes[1]!.connections.commands;
    for (let step = 0; step < 5; step++) {
      world.clock.advance(TTL_MS / 2);
      // Wait until node a's refresh has renewed the entry past the new time, however busy the machine is.
      await eventually(async () => Number(await probe.zscore('presence:u:alice', 'node-a|s1')) >= world!.clock.now() + TTL_MS);
      expect(await watcher.onlineAmong(['alice'])).toEqual(new Set(['alice']));
    }
    expect(heard).toEqual([]);
  });

  it('while Redis is down a node answers from its own sockets; once it is back, the refresh makes them known to the other nodes', async () => {
    world = await openWorld();
    const a = await world.node('node-a');
    const b = await world.node('node-b');
    await a.add('alice', 's1');
    await redis.kill();

    expect(await a.add('bob', 's2')).toBe(true);
    expect(await a.onlineAmong(['alice', 'bob', 'carol'])).toEqual(new Set(['alice', 'bob']));
    expect(await a.remove('alice', 's1')).toBe(true);
    expect(await a.onlineAmong(['alice', 'bob'])).toEqual(new Set(['bob']));

    await redis.restart(); // empty, as after a crash without persistence
    await eventually(async () => (await b.onlineAmong(['alice', 'bob'])).has('bob'));
    expect(await b.onlineAmong(['alice', 'bob'])).toEqual(new Set(['bob']));
  });
});
