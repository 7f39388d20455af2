import type { ConversationView } from '../state.js';

/** A clinician's tools in a conversation (the escalation in context, its audit trail). */
export function ClinicianChatTools(_props: { view: ConversationView }) {
  return null;
}
