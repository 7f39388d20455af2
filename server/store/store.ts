import type { ConversationRepository } from '../conversations/conversation.repository.js';
import type { MessageRepository } from '../conversations/message.repository.js';
import type { ContactRepository, EscalationRepository, OnCallRepository, OutboxRepository, PolicyRepository, ShiftRepository } from '../escalation/escalation.repository.js';
import type { ProfileRepository, RequestRepository } from '../matching/matching.repository.js';
import type { MentorshipRepository } from '../mentorships/mentorship.repository.js';
import type { AuditRepository, HeldMessageRepository, ReportRepository, StandingRepository } from '../moderation/moderation.repository.js';
import type { AccessLogRepository, PersonalDataRepository, RetentionRepository } from '../privacy/privacy.repository.js';
import type { SafetyExampleRepository } from '../safety/safety.repository.js';
import type { UserRepository } from '../users/user.repository.js';

/** Every repository behind one handle: the in-memory store, or MongoDB. */
export interface Store {
  readonly kind: 'memory' | 'mongodb';
  users: UserRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  mentorships: MentorshipRepository;
  standings: StandingRepository;
  reports: ReportRepository;
  held: HeldMessageRepository;
  audit: AuditRepository;
  escalations: EscalationRepository;
  onCall: OnCallRepository;
  shifts: ShiftRepository;
  contacts: ContactRepository;
  outbox: OutboxRepository;
  policies: PolicyRepository;
  profiles: ProfileRepository;
  requests: RequestRepository;
  safetyExamples: SafetyExampleRepository;
  accessLog: AccessLogRepository;
  personalData: PersonalDataRepository;
  retention: RetentionRepository;
  /** Whether the store can serve requests right now (for /readyz). */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
