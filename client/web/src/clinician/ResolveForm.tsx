import { useEffect, useRef, useState } from 'preact/hooks';
import type { Escalation } from '../../../index.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useClinician } from './store.js';

const SUGGESTIONS: MessageKey[] = ['clinician.outcome.safe', 'clinician.outcome.referred', 'clinician.outcome.emergency', 'clinician.outcome.followUp'];

/** Closing an escalation: an outcome (staff see it), a note only clinicians see, and whether it was a false alarm. */
export function ResolveForm({ escalation, onDone }: { escalation: Escalation; onDone: () => void }) {
  const store = useClinician();
  const t = useT();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [falseAlarm, setFalseAlarm] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const id = `resolve-${escalation.id}`;
  // Opened by a click: the first field takes focus (never on incoming data).
  useEffect(() => first.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = outcome.trim();
    if (!text) return;
    const done = await store.resolve(escalation.id, { outcome: text, note: note.trim(), falseAlarm });
    if (done) onDone();
  };

  return (
    <form class="resolve" onSubmit={(event) => void submit(event)}>
      <label for={`${id}-outcome`}>{t('clinician.resolveForm.outcome')}</label>
      <input
        id={`${id}-outcome`}
        ref={first}
        list={`${id}-suggestions`}
        required
        maxLength={200}
        value={outcome}
        dir="auto"
        aria-describedby={`${id}-outcome-hint`}
        onInput={(event) => setOutcome((event.target as HTMLInputElement).value)}
      />
      <p id={`${id}-outcome-hint`} class="muted small">
        {t('clinician.resolveForm.outcomeHint')}
      </p>
      <datalist id={`${id}-suggestions`}>
        {SUGGESTIONS.map((key) => (
          <option value={t(key)} />
        ))}
      </datalist>
      <label for={`${id}-note`}>{t('clinician.resolveForm.note')}</label>
      <textarea
        id={`${id}-note`}
        rows={3}
        maxLength={2000}
        value={note}
        dir="auto"
        aria-describedby={`${id}-note-hint`}
        onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)}
      />
      <p id={`${id}-note-hint`} class="muted small">
        {t('clinician.resolveForm.noteHint')}
      </p>
      <div class="check">
        <input id={`${id}-false`} type="checkbox" checked={falseAlarm} aria-describedby={`${id}-false-hint`} onChange={(event) => setFalseAlarm((event.target as HTMLInputElement).checked)} />
        <label for={`${id}-false`}>{t('clinician.resolveForm.falseAlarm')}</label>
      </div>
      <p id={`${id}-false-hint`} class="muted small">
        {t('clinician.resolveForm.falseAlarmHint')}
      </p>
      <div class="esc-actions">
        <button type="submit" class="primary" disabled={store.pending.has(escalation.id)}>
          {t('clinician.resolveForm.submit')}
        </button>
        <button type="button" onClick={onDone}>
          {t('clinician.resolveForm.cancel')}
        </button>
      </div>
    </form>
  );
}
