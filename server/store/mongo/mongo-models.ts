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
  },
  options,
);

const conversation = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true },
    mentorshipId: String,
    createdAt: { type: String, required: true },
  },
  options,
);

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

const message = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    senderId: { type: String, required: true },
    senderRole: { type: String, required: true },
    senderName: { type: String, required: true },
    body: { type: String, required: true },
    clientMessageId: { type: String, required: true },
    createdAt: { type: String, required: true },
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

export function createModels(conn: Connection) {
  return {
    User: conn.model('User', user, 'users'),
    Conversation: conn.model('Conversation', conversation, 'conversations'),
    Member: conn.model('Member', member, 'conversation_members'),
    Message: conn.model('Message', message, 'messages'),
    Mentorship: conn.model('Mentorship', mentorship, 'mentorships'),
  };
}
export type Models = ReturnType<typeof createModels>;
