import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresenceTracker } from '../../server/presence/presence.tracker.js';
import { eventually } from '../support/wait.js';

let counter = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/** What an implementation can do beyond one process, so the suite knows which parts apply. */
export interface PresenceCapabilities {
  /** Trackers of different nodes share their presence. */
  multiNode: boolean;
  /** A node that stops (closed, or killed) leaves entries that lapse after a TTL; running nodes report them to `watch`. */
  lapses: boolean;
}

/** One implementation, over presence that starts empty. */
export interface PresenceWorld {
  /** The tracker of the node named `nodeId` (one process: the same presence whatever the name). */
  node(nodeId: string): Promise<PresenceTracker>;
  /** With `lapses`: the TTL, and moving the trackers' clock forward. */
  lapse?: { ttlMs: number; advanceClock(ms: number): void };
  /** Closes what the world opened, trackers the test did not close itself included. */
  dispose(): Promise<void>;
}

/**
 * One suite for every PresenceTracker: online while any socket of the user is connected, on any
 * node; the first socket brings a user online and the last takes them offline, exactly once each.
 */
export function describePresenceContract(name: string, capabilities: PresenceCapabilities, open: () => Promise<PresenceWorld>) {
  describe(`PresenceTracker contract: ${name}`, () => {
    let world: PresenceWorld;
    let tracker: PresenceTracker;
    beforeEach(async () => {
      world = await open();
      tracker = await world.node('node-a');
    });
    afterEach(() => world.dispose());

    const online = async (t: PresenceTracker, ...userIds: string[]) => [...(await t.onlineAmong(userIds))].sort();

    describe('one node', () => {
      it('the first socket brings a user online; a second socket of the same user does not', async () => {
        const alice = uid('alice');
        expect(await online(tracker, alice)).toEqual([]);
        expect(await tracker.add(alice, 's1')).toBe(true);
        expect(await tracker.add(alice, 's2')).toBe(false);
        expect(await online(tracker, alice)).toEqual([alice]);
      });

      it('the user stays online until the last socket is gone, and only that removal says so', async () => {
        const alice = uid('alice');
        await tracker.add(alice, 's1');
        await tracker.add(alice, 's2');
        expect(await tracker.remove(alice, 's1')).toBe(false);
        expect(await online(tracker, alice)).toEqual([alice]);
        expect(await tracker.remove(alice, 's2')).toBe(true);
        expect(await online(tracker, alice)).toEqual([]);
      });

      it('comes online again after going offline', async () => {
        const alice = uid('alice');
        await tracker.add(alice, 's1');
        await tracker.remove(alice, 's1');
        expect(await tracker.add(alice, 's2')).toBe(true);
        expect(await online(tracker, alice)).toEqual([alice]);
      });

      it('the same socket added twice is one socket', async () => {
        const alice = uid('alice');
        expect(await tracker.add(alice, 's1')).toBe(true);
        expect(await tracker.add(alice, 's1')).toBe(false);
        expect(await tracker.remove(alice, 's1')).toBe(true);
        expect(await online(tracker, alice)).toEqual([]);
      });

      it('removing a socket it does not know changes nothing and says nobody went offline', async () => {
        const alice = uid('alice');
        expect(await tracker.remove(alice, 's1')).toBe(false);
        await tracker.add(alice, 's1');
        expect(await tracker.remove(alice, 'not-a-socket')).toBe(false);
        expect(await tracker.remove(uid('bob'), 's1')).toBe(false); // alice's socket id, another user
        expect(await online(tracker, alice)).toEqual([alice]);
        expect(await tracker.remove(alice, 's1')).toBe(true);
        expect(await tracker.remove(alice, 's1')).toBe(false); // already gone
      });

      it('onlineAmong answers only for the users asked about, and users are independent of each other', async () => {
        const [alice, bob, carol, dave] = [uid('alice'), uid('bob'), uid('carol'), uid('dave')];
        await tracker.add(alice, 's1');
        await tracker.add(bob, 's2');
        await tracker.add(dave, 's3'); // online, not asked about
        expect(await online(tracker, alice, bob, carol)).toEqual([alice, bob].sort());
        expect(await online(tracker, alice, alice)).toEqual([alice]);
        expect(await tracker.onlineAmong([])).toEqual(new Set());
        expect(await tracker.remove(bob, 's2')).toBe(true);
        expect(await online(tracker, alice, bob, dave)).toEqual([alice, dave].sort());
      });

      it('closes', async () => {
        await tracker.add(uid('alice'), 's1');
        await expect(tracker.close()).resolves.toBeUndefined();
      });
    });

    describe.runIf(capabilities.multiNode)('several nodes', () => {
      let other: PresenceTracker;
      beforeEach(async () => {
        other = await world.node('node-b');
      });

      it('a user connected on one node is online for every node', async () => {
        const alice = uid('alice');
        await tracker.add(alice, 's1');
        expect(await online(other, alice)).toEqual([alice]);
        await tracker.remove(alice, 's1');
        expect(await online(other, alice)).toEqual([]);
      });

      it('with sockets on two nodes, the first anywhere brings the user online and the last anywhere takes them offline', async () => {
        const alice = uid('alice');
        expect(await tracker.add(alice, 's1')).toBe(true);
        expect(await other.add(alice, 's2')).toBe(false);
        expect(await tracker.remove(alice, 's1')).toBe(false);
        expect(await online(tracker, alice)).toEqual([alice]);
        expect(await other.remove(alice, 's2')).toBe(true);
        expect(await online(tracker, alice)).toEqual([]);
        expect(await online(other, alice)).toEqual([]);
      });

      it('socket ids are a node’s own: the same id on two nodes is two sockets', async () => {
        const alice = uid('alice');
        await tracker.add(alice, 'same-id');
        expect(await other.add(alice, 'same-id')).toBe(false);
        expect(await tracker.remove(alice, 'same-id')).toBe(false);
        expect(await online(tracker, alice)).toEqual([alice]);
        expect(await other.remove(alice, 'same-id')).toBe(true);
      });
    });

    describe.runIf(capabilities.multiNode && capabilities.lapses)('a node that stops', () => {
      it('its users lapse after the TTL: the running nodes stop counting them and tell their watchers, once, of those with no socket elsewhere', async () => {
        const { ttlMs, advanceClock } = world.lapse!;
        const survivor = await world.node('node-b');
        expect(survivor.watch).toBeTypeOf('function');
        const heard: Array<[string, boolean]> = [];
        survivor.watch!((userId, isOnline) => heard.push([userId, isOnline]));
        const [alice, bob, carol] = [uid('alice'), uid('bob'), uid('carol')];
        await tracker.add(alice, 's1'); // only on the node that stops
        await tracker.add(carol, 's2'); // on both nodes
        await survivor.add(carol, 's3');
        await survivor.add(bob, 's4'); // only on the survivor

        await tracker.close(); // stops refreshing, as a killed node would; its entries stay behind
        expect(await online(survivor, alice, bob, carol)).toEqual([alice, bob, carol].sort());
        advanceClock(ttlMs + 1);
        expect(await online(survivor, alice, bob, carol)).toEqual([bob, carol].sort());

        await eventually(() => heard.some(([u, o]) => u === alice && !o));
        // A later sweep finds nothing more to report.
        const heardAtFirst = heard.length;
        await new Promise((r) => setTimeout(r, ttlMs));
        expect(heard.slice(heardAtFirst).filter(([, o]) => !o)).toEqual([]);
        expect(heard.filter(([u, o]) => u === alice && !o)).toHaveLength(1);
        expect(heard.filter(([u, o]) => (u === bob || u === carol) && !o)).toEqual([]);
        expect(await online(survivor, alice, bob, carol)).toEqual([bob, carol].sort());
      });
    });
  });
}
