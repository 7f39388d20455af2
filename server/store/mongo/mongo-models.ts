import { Schema, type Connection } from 'mongoose';

// Plain records with string ids; no version keys. Indexes are those the repository's queries need.
const options = { versionKey: false, strict: 'throw', _id: false } as const;

const user = new Schema(
  {
    _id: { type: String, required: true },
    role: { type: String, required: true },
    name: { type: String, required: true },
    programId: String,
    lastSeenAt: { type: String, required: true },
    erasedAt: String,
  },
  options,
);

const groupSettings = new Schema(
  {
    name: { type: String, required: true },
    description: String,
    visibility: { type: String, required: true },
    capacity: { type: Number, required: true },
    slowModeSec: { type: Number, required: true },
    locked: { type: Boolean, required: true },
    programId: String,
  },
  { _id: false, versionKey: false, strict: 'throw' },
);

const conversation = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true },
    mentorshipId: String,
    createdAt: { type: String, required: true },
    contactPolicy: String,
    group: groupSettings,
    createdBy: String,
    riskFlag: new Schema({ messageId: String, level: String, categories: [String], at: String }, { _id: false, versionKey: false, strict: 'throw' }),
    // Kept with the membership so a capacity check and the join are one atomic update.
    memberCount: Number,
  },
  options,
);
conversation.index({ kind: 1 });

const member = new Schema(
  {
    // `${conversationId}|${userId}`: one membership per person and conversation by construction.
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, required: true },
    lastReadSeq: { type: Number, required: true },
    joinedAt: { type: String, required: true },
  },
  options,
);
member.index({ userId: 1 });
member.index({ conversationId: 1 });

// Who wrote what, where and when: shared by messages and held messages (AuthoredText).
const authoredFields = {
  conversationId: { type: String, required: true },
  senderId: { type: String, required: true },
  senderRole: { type: String, required: true },
  senderName: { type: String, required: true },
  body: { type: String, required: true },
  clientMessageId: { type: String, required: true },
  createdAt: { type: String, required: true },
};

const message = new Schema(
  {
    _id: { type: String, required: true },
    ...authoredFields,
    seq: { type: Number, required: true },
    redaction: new Schema({ at: String, by: String, reason: String }, { _id: false, versionKey: false }),
    erased: Boolean,
  },
  options,
);
// Gapless, unique seq per conversation: a second writer of the same seq fails and takes the next.
message.index({ conversationId: 1, seq: 1 }, { unique: true });
// A retried send finds its original instead of storing a second copy.
message.index({ senderId: 1, clientMessageId: 1 }, { unique: true });

const mentorship = new Schema(
  {
    _id: { type: String, required: true },
    menteeId: { type: String, required: true },
    specialistId: { type: String, required: true },
    conversationId: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: String, required: true },
    endedAt: String,
    endedBy: String,
  },
  options,
);
// At most one active mentorship per pair, also when two nodes assign it at once.
mentorship.index({ menteeId: 1, specialistId: 1 }, { unique: true, partialFilterExpression: { status: 'active' }, name: 'one_active_per_pair' });
// The admin's list: active ones, newest first.
mentorship.index({ status: 1, createdAt: -1, _id: -1 }, { name: 'by_status_newest' });

const standing = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    mutedUntil: String,
    muteReason: String,
    banned: Boolean,
    banReason: String,
    invited: Boolean,
  },
  options,
);

const report = new Schema(
  {
    _id: { type: String, required: true },
    reporterId: { type: String, required: true },
    conversationId: { type: String, required: true },
    messageId: { type: String, required: true },
    messageSeq: { type: Number, required: true },
    reportedUserId: { type: String, required: true },
    reason: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: String, required: true },
    resolvedAt: String,
    resolvedBy: String,
    action: String,
    note: String,
  },
  options,
);
// Reporting the same message twice is one report.
report.index({ reporterId: 1, messageId: 1 }, { unique: true });
report.index({ conversationId: 1, createdAt: 1 });

const held = new Schema(
  {
    _id: { type: String, required: true },
    ...authoredFields,
    findings: [String],
    status: { type: String, required: true },
    reviewedBy: String,
    reviewedAt: String,
    messageId: String,
  },
  options,
);
held.index({ senderId: 1, clientMessageId: 1 }, { unique: true });
// A room's messages waiting for review, for its moderators.
held.index({ conversationId: 1, status: 1, createdAt: 1 });

const audit = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: String, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    conversationId: String,
    targetUserId: String,
    targetMessageId: String,
    reason: String,
    details: Schema.Types.Mixed,
  },
  options,
);
audit.index({ conversationId: 1, at: 1 });

const excerptMessage = new Schema(
  { seq: Number, senderId: String, senderName: String, senderRole: String, body: String, createdAt: String, held: Boolean },
  { _id: false, versionKey: false },
);

const escalation = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    severity: { type: String, required: true },
    source: { type: String, required: true },
    raisedBy: { type: String, required: true },
    reason: { type: String, required: true },
    status: { type: String, required: true },
    tier: { type: Number, required: true },
    round: { type: Number, required: true },
    ownerId: String,
    createdAt: { type: String, required: true },
    ackedAt: String,
    resolvedAt: String,
    outcome: String,
    note: String,
    excerpt: [excerptMessage],
    categories: [String],
    programId: String,
    subjectId: String,
    nextStepAt: Number,
    leaseUntil: Number,
    leaseOwner: String,
    alertedIds: [String],
    unroutedAt: String,
    rulesVersion: String,
    modelVersion: String,
    falseAlarm: Boolean,
  },
  options,
);
// Each node looks for due steps; an index keeps that cheap however many escalations are stored.
escalation.index({ nextStepAt: 1 });
escalation.index({ conversationId: 1, status: 1 });
escalation.index({ subjectId: 1, status: 1 });

const onCall = new Schema({ _id: { type: String, required: true }, userId: { type: String, required: true }, programId: String }, options);

const accessLog = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: String, required: true },
    actorId: { type: String, required: true },
    actorRole: { type: String, required: true },
    subjectId: { type: String, required: true },
    data: { type: String, required: true },
    conversationId: String,
    reason: { type: String, required: true },
    escalationId: String,
  },
  options,
);
accessLog.index({ subjectId: 1, _id: -1 });
accessLog.index({ actorId: 1, _id: -1 });

/** Work that one node at a time does on a schedule (retention): when it last ran, who holds it now. */
const job = new Schema({ _id: { type: String, required: true }, lastRunAt: Number, leaseUntil: Number, leaseOwner: String }, options);

const shift = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    // ms since the epoch beside the ISO strings, for range queries that do not depend on string offsets.
    fromMs: { type: Number, required: true },
    toMs: { type: Number, required: true },
    tier: String,
    createdBy: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  options,
);
shift.index({ toMs: 1, fromMs: 1 });

const contact = new Schema({ _id: { type: String, required: true }, email: String }, options);

const outbound = new Schema(
  {
    _id: { type: String, required: true },
    escalationId: { type: String, required: true },
    channel: { type: String, required: true },
    event: { type: String, required: true },
    tier: { type: String, required: true },
    userId: String,
    webhook: new Schema({ url: String, format: String, routingKey: String }, { _id: false, versionKey: false, strict: 'throw' }),
    status: { type: String, required: true },
    dueAt: { type: Number, required: true },
    attempts: { type: Number, required: true },
    leaseUntil: Number,
    leaseOwner: String,
    sentAt: String,
  },
  options,
);
outbound.index({ status: 1, dueAt: 1 });
outbound.index({ escalationId: 1 });

const policy = new Schema({ _id: { type: String, required: true }, policy: Schema.Types.Mixed }, options);

const profile = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    displayName: { type: String, required: true },
    bio: { type: String, required: true },
    specialties: [String],
    languages: [String],
    certified: { type: Boolean, required: true },
    engagement: { type: String, required: true },
    maxActiveMentees: { type: Number, required: true },
    officeHours: Schema.Types.Mixed,
    programId: String,
    availability: { type: String, required: true },
    disconnectedAt: Number,
    pendingOffer: String,
    blocked: [String],
  },
  options,
);

const request = new Schema(
  {
    _id: { type: String, required: true },
    menteeId: { type: String, required: true },
    menteeName: { type: String, required: true },
    topic: { type: String, required: true },
    language: String,
    note: String,
    status: { type: String, required: true },
    risk: { type: String, required: true },
    createdAt: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
    mentorshipId: String,
    programId: String,
    offeredTo: String,
    offerExpiresAt: Number,
    declinedBy: [String],
    lastPosition: Number,
    conversationId: String,
    // Present while the request is open: one open request per mentee, also across nodes.
    openKey: String,
  },
  options,
);
request.index({ openKey: 1 }, { unique: true, sparse: true });
request.index({ status: 1 });

// Training examples: text and label only, never who wrote or flagged it.
const safetyExample = new Schema(
  {
    _id: { type: String, required: true },
    text: { type: String, required: true },
    level: { type: String, required: true },
    categories: [String],
    source: { type: String, required: true },
    note: String,
    rulesVersion: { type: String, required: true },
    modelVersion: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  options,
);

export function createModels(conn: Connection) {
  return {
    User: conn.model('User', user, 'users'),
    Conversation: conn.model('Conversation', conversation, 'conversations'),
    Member: conn.model('Member', member, 'conversation_members'),
    Message: conn.model('Message', message, 'messages'),
    Mentorship: conn.model('Mentorship', mentorship, 'mentorships'),
    Standing: conn.model('Standing', standing, 'standings'),
    Report: conn.model('Report', report, 'reports'),
    Held: conn.model('Held', held, 'held_messages'),
    Audit: conn.model('Audit', audit, 'audit_log'),
    Escalation: conn.model('Escalation', escalation, 'escalations'),
    OnCall: conn.model('OnCall', onCall, 'on_call'),
    Shift: conn.model('Shift', shift, 'on_call_shifts'),
    AccessLog: conn.model('AccessLog', accessLog, 'access_log'),
    Job: conn.model('Job', job, 'scheduled_jobs'),
    Contact: conn.model('Contact', contact, 'clinician_contacts'),
    Outbound: conn.model('Outbound', outbound, 'escalation_outbox'),
    Policy: conn.model('Policy', policy, 'escalation_policy'),
    Profile: conn.model('Profile', profile, 'specialist_profiles'),
    Request: conn.model('Request', request, 'support_requests'),
    SafetyExample: conn.model('SafetyExample', safetyExample, 'safety_examples'),
  };
}
export type Models = ReturnType<typeof createModels>;
