import { useT } from '../i18n/index.js';
import { useAppState, type ConversationView } from '../state.js';
import { AuditTrail } from './AuditTrail.js';
import { EscalationCard } from './EscalationCard.js';
import { useClinician } from './store.js';
import './board.css';

/** A clinician's (or admin's) tools at the top of a conversation: its escalations, with Resolve, and its audit trail. */
export function ChatToolsPanel({ view }: { view: ConversationView }) {
  const store = useClinician();
  const state = useAppState();
  const t = useT();
  const id = view.summary.id;
  const escalations = store.forConversation(id);
  // The newest one that is still going, else the newest one; older ones are in the audit trail.
  const shown = escalations.find((e) => e.status !== 'resolved') ?? escalations[0];

  // Who the audit trail's ids are: the participants, the people in excerpts, the owners seen so far.
  const names = new Map(store.names);
  for (const e of escalations) for (const m of e.excerpt) names.set(m.senderId, m.senderName);
  for (const p of view.summary.participants) if (p.name) names.set(p.userId, p.name);
  if (state.session) names.set(state.session.userId, state.session.name);

  return (
    <section class="card clinician-tools" aria-labelledby={`clinician-tools-${id}`}>
      <h2 id={`clinician-tools-${id}`}>{t('clinician.tools.title')}</h2>
      {shown ? <EscalationCard escalation={shown} inChat /> : <p class="muted">{t('clinician.tools.none')}</p>}
      <AuditTrail conversationId={id} names={names} version={escalations.map((e) => `${e.id}:${e.status}:${e.severity}`).join(',')} />
    </section>
  );
}
