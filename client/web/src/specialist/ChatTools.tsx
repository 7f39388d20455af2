import type { ConversationView } from '../state.js';

/** A specialist's tools in a conversation: the manual raise, risk flags, and moderation in groups they facilitate. */
export function SpecialistChatTools(_props: { view: ConversationView }) {
  return null;
}
