import type { Store } from '../store.js';
import { MemoryUsers, MemoryConversations, MemoryMessages, MemoryMentorships } from './memory-chat.repositories.js';
import { MemoryStandings, MemoryReports, MemoryHeld, MemoryAudit } from './memory-moderation.repositories.js';
import { MemoryContacts, MemoryEscalations, MemoryOnCall, MemoryOutbox, MemoryPolicies, MemoryShifts } from './memory-escalation.repositories.js';
import { MemoryProfiles, MemoryRequests } from './memory-matching.repositories.js';
import { MemorySafetyExamples } from './memory-safety.repositories.js';

/** The embedded default: everything in this process's memory, lost on restart. */
export function createMemoryStore(): Store {
  return {
    kind: 'memory',
    users: new MemoryUsers(),
    conversations: new MemoryConversations(),
    messages: new MemoryMessages(),
    mentorships: new MemoryMentorships(),
    standings: new MemoryStandings(),
    reports: new MemoryReports(),
    held: new MemoryHeld(),
    audit: new MemoryAudit(),
    escalations: new MemoryEscalations(),
    onCall: new MemoryOnCall(),
    shifts: new MemoryShifts(),
    contacts: new MemoryContacts(),
    outbox: new MemoryOutbox(),
    policies: new MemoryPolicies(),
    profiles: new MemoryProfiles(),
    requests: new MemoryRequests(),
    safetyExamples: new MemorySafetyExamples(),
    isReady: async () => true,
    close: async () => {},
  };
}
