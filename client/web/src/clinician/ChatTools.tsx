import type { ConversationView } from '../state.js';
import { useScreens } from './lazy.js';

/** A clinician's tools in a conversation (its escalations with Resolve, its audit trail); loads on first use. */
export function ClinicianChatTools({ view }: { view: ConversationView }) {
  const screens = useScreens();
  return screens ? <screens.ChatToolsPanel view={view} /> : null;
}
