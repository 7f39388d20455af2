import type { ConversationView } from '../state.js';
import { fromArea } from './lazy.js';

/** A specialist's tools in a conversation: the manual raise, quiet risk flags, moderation in groups they facilitate (Tools.tsx). */
export const SpecialistChatTools = fromArea<{ view: ConversationView }>((a) => a.Tools);
