import { beforeEach, describe, expect, it } from 'vitest';
import { OfferDispatcher } from '../../server/matching/offer-dispatcher.js';
import { SpecialistService } from '../../server/matching/specialist.service.js';
import { MemoryPresenceTracker } from '../../server/presence/presence.tracker.js';
import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import type { Store } from '../../server/store/store.js';
import type { Identity } from '../../server/auth/identity.js';
import { fakeClock, profileFields, recordingNotifier, silentLogger } from '../support/fakes.js';

const who = (userId: string): Identity => ({ userId, role: 'specialist', name: userId, expiresAt: Number.MAX_SAFE_INTEGER });
const fields = (userId: string) => profileFields(userId);

describe('OfferDispatcher and SpecialistService, on a fake clock', () => {
  let store: Store;
  let clock: ReturnType<typeof fakeClock>;
  let rec: ReturnType<typeof recordingNotifier>;
  let presence: MemoryPresenceTracker;
  let dispatcher: OfferDispatcher;
  let specialists: SpecialistService;

  beforeEach(async () => {
    store = createMemoryStore();
    clock = fakeClock();
    rec = recordingNotifier();
    presence = new MemoryPresenceTracker();
    dispatcher = new OfferDispatcher({ store, notifier: rec.notifier, clock, log: silentLogger, config: { offerTimeoutSec: 30, ageingSec: 60, typicalMatchSec: 120 } });
    specialists = new SpecialistService({ store, notifier: rec.notifier, presence, clock, queue: dispatcher, availabilityGraceSec: 20 });
  });

  async function available(userId: string) {
    await store.profiles.upsert(fields(userId));
    await presence.add(userId, `${userId}-socket`);
    await specialists.setAvailability(who(userId), 'available');
  }

  async function ask(id: string, createdAtMs = clock.now()) {
    await store.requests.createIfNoneOpen({ id, menteeId: `m-${id}`, menteeName: id, topic: 'anxiety', status: 'waiting', risk: 'none', createdAt: new Date(createdAtMs).toISOString(), createdAtMs, declinedBy: [] });
  }

  it('offers a waiting request to one free specialist, and that one only', async () => {
    await available('sam');
    await available('kim');
    await ask('r1');
    await dispatcher.dispatch();
    const offers = rec.sent.filter((s) => s.event === 'support:offered');
    expect(offers).toHaveLength(1);
    expect(offers[0]!.payload.expiresAt).toBe(new Date(clock.now() + 30_000).toISOString());
    expect((await store.requests.get('r1'))?.offeredTo).toBe(offers[0]!.to);
  });

  it('an offer that runs out goes to the next specialist; the silent one becomes busy and is told', async () => {
    await available('sam');
    await ask('r1');
    await dispatcher.dispatch();
    expect(rec.to('sam', 'support:offered')).toHaveLength(1);
    await available('kim');

    clock.advance(29_999);
    await dispatcher.expireOffers();
    expect(rec.to('sam', 'support:offerWithdrawn')).toHaveLength(0);

    clock.advance(1);
    await dispatcher.expireOffers();
    await dispatcher.dispatch();
    expect(rec.to('sam', 'support:offerWithdrawn').map((s) => s.payload)).toEqual([{ requestId: 'r1', reason: 'expired' }]);
    expect(rec.to('sam', 'availability:changed').map((s) => s.payload.status)).toEqual(['busy']);
    expect((await store.profiles.get('sam'))?.availability).toBe('busy');
    expect(rec.to('kim', 'support:offered').map((s) => s.payload.request.id)).toEqual(['r1']);
  });

  it('tells a waiting mentee their place and a wait shared over the free specialists', async () => {
    await ask('r1', clock.now() - 2000);
    await ask('r2', clock.now() - 1000);
    expect(await dispatcher.placeOf('r1')).toEqual({ position: 1, etaSec: 120 });
    expect(await dispatcher.placeOf('r2')).toEqual({ position: 2, etaSec: 240 });
  });

  it('past the grace period without a socket on any node, a specialist goes offline', async () => {
    await available('sam');
    await presence.remove('sam', 'sam-socket');
    await specialists.lapseDisconnected();
    clock.advance(19_999);
    await specialists.lapseDisconnected();
    expect((await store.profiles.get('sam'))?.availability).toBe('available');
    clock.advance(1);
    await specialists.lapseDisconnected();
    expect((await store.profiles.get('sam'))?.availability).toBe('offline');
  });

  it('a reconnect within the grace period keeps the specialist available, and restarts the clock', async () => {
    await available('sam');
    await presence.remove('sam', 'sam-socket');
    await specialists.lapseDisconnected();
    clock.advance(10_000);
    await presence.add('sam', 'sam-socket-2');
    await specialists.lapseDisconnected();
    clock.advance(15_000);
    await specialists.lapseDisconnected();
    expect((await store.profiles.get('sam'))?.availability).toBe('available');
    await presence.remove('sam', 'sam-socket-2');
    await specialists.lapseDisconnected();
    clock.advance(19_000);
    await specialists.lapseDisconnected();
    expect((await store.profiles.get('sam'))?.availability).toBe('available');
  });

  it('going busy hands a pending offer back to the queue at once', async () => {
    await available('sam');
    await ask('r1');
    await dispatcher.dispatch();
    await available('kim');
    await specialists.setAvailability(who('sam'), 'busy');
    await dispatcher.dispatch();
    expect(rec.to('sam', 'support:offerWithdrawn').map((s) => s.payload)).toEqual([{ requestId: 'r1', reason: 'cancelled' }]);
    expect(rec.to('kim', 'support:offered').map((s) => s.payload.request.id)).toEqual(['r1']);
  });
});
