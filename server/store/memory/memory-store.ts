import type { Store } from '../store.js';
import { MemoryUsers, MemoryConversations, MemoryMessages, MemoryMentorships } from './memory-chat.repositories.js';
import { MemoryStandings, MemoryReports, MemoryHeld, MemoryAudit } from './memory-moderation.repositories.js';
import { MemoryContacts, MemoryEscalations, MemoryOnCall, MemoryOutbox, MemoryPolicies, MemoryShifts } from './memory-escalation.repositories.js';
import { MemoryProfiles, MemoryRequests } from './memory-matching.repositories.js';
import { MemoryAccessLog, MemoryPersonalData, MemoryRetention } from './memory-privacy.repositories.js';
import { MemorySafetyExamples } from './memory-safety.repositories.js';

/** The embedded default: everything in this process's memory, lost on restart. */
export function createMemoryStore(): Store {
  const users = new MemoryUsers();
  const messages = new MemoryMessages();
  const standings = new MemoryStandings();
  const held = new MemoryHeld();
  const contacts = new MemoryContacts();
  const profiles = new MemoryProfiles();
  const requests = new MemoryRequests();
  const conversations = new MemoryConversations();
  const escalations = new MemoryEscalations();
  return {
    kind: 'memory',
    users,
    conversations,
    messages,
    mentorships: new MemoryMentorships(),
    standings,
    reports: new MemoryReports(),
    held,
    audit: new MemoryAudit(),
    escalations,
    onCall: new MemoryOnCall(),
    shifts: new MemoryShifts(),
    contacts,
    outbox: new MemoryOutbox(),
    policies: new MemoryPolicies(),
    profiles,
    requests,
    safetyExamples: new MemorySafetyExamples(),
    accessLog: new MemoryAccessLog(),
    personalData: new MemoryPersonalData({ users, messages, held, standings, requests, profiles, contacts }),
    retention: new MemoryRetention({ conversations, messages, escalations }),
    isReady: async () => true,
    close: async () => {},
  };
}
