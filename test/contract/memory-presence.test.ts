import { MemoryPresenceTracker } from '../../server/presence/presence.tracker.js';
import { describePresenceContract } from './presence.contract.js';

// One process: every node name is the same presence.
describePresenceContract('in-memory', { multiNode: false, lapses: false }, async () => {
  const tracker = new MemoryPresenceTracker();
  return { node: async () => tracker, dispose: () => tracker.close() };
});
