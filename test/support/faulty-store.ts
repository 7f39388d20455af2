import { AppError, ErrorCode } from '../../shared/errors.js';
import type { MessageRepository } from '../../server/conversations/message.repository.js';
import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import type { Store } from '../../server/store/store.js';

/** An in-memory store whose message appends can be made to fail or to stall, for failure-path tests. */
export function createFaultyStore() {
  const store = createMemoryStore();
  const real = store.messages;
  const faults = { failNextAppends: 0, appendDelayMs: 0, appendCalls: 0 };
  const messages: MessageRepository = {
    append: async (message, id) => {
      faults.appendCalls++;
      if (faults.failNextAppends > 0) {
        faults.failNextAppends--;
        throw new AppError(ErrorCode.UNAVAILABLE, 'The message store is unavailable; please retry');
      }
      const result = await real.append(message, id);
      if (faults.appendDelayMs > 0) await new Promise((r) => setTimeout(r, faults.appendDelayMs));
      return result;
    },
    findByClientId: (...a) => real.findByClientId(...a),
    before: (...a) => real.before(...a),
    after: (...a) => real.after(...a),
    lastSeqs: (...a) => real.lastSeqs(...a),
    get: (...a) => real.get(...a),
    redact: (...a) => real.redact(...a),
  };
  const faulty: Store = { ...store, messages };
  return { store: faulty, faults };
}
