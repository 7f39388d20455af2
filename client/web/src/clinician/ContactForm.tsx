import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { errorText } from '../errors.js';
import { useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import './board.css';

/** What the status line says: kept as what happened, so it follows a switch of language. */
type Said = { kind: 'current' | 'saved'; email: string | undefined } | { kind: 'invalid' } | { kind: 'error'; error: unknown };

/**
 * A clinician's own e-mail address for alerts when they are not in the app (on a shift, or when a
 * tier e-mails its people). The e-mail carries a link only: no message text, no names.
 */
export function ContactForm() {
  const t = useT();
  const token = useAppState().session!.token;
  const [email, setEmail] = useState('');
  const [said, setSaid] = useState<Said | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api('GET /api/clinicians/me/contact', { token }).then(
      ({ contact }) => {
        if (!live) return;
        setEmail(contact.email ?? '');
        setSaid({ kind: 'current', email: contact.email });
      },
      (error: unknown) => live && setSaid({ kind: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const save = async (e: Event) => {
    e.preventDefault();
    const address = email.trim();
    setBusy(true);
    try {
      const { contact } = await api('PUT /api/clinicians/me/contact', { token, body: address ? { email: address } : {} });
      setEmail(contact.email ?? '');
      setSaid({ kind: 'saved', email: contact.email });
    } catch (error) {
      setSaid(error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? { kind: 'invalid' } : { kind: 'error', error });
    } finally {
      setBusy(false);
    }
  };

  const status = (() => {
    if (!said) return t('clinician.contact.loading');
    switch (said.kind) {
      case 'current':
        return said.email ? t('clinician.contact.current', { email: said.email }) : t('clinician.contact.none');
      case 'saved':
        return said.email ? t('clinician.contact.saved', { email: said.email }) : t('clinician.contact.cleared');
      case 'invalid':
        return t('clinician.contact.invalid');
      case 'error':
        return errorText(said.error);
    }
  })();
  const invalid = said?.kind === 'invalid';

  return (
    <section class="card contact" aria-labelledby="contact-title">
      <h2 id="contact-title">{t('clinician.contact.title')}</h2>
      <p id="contact-privacy">{t('clinician.contact.privacy')}</p>
      <form class="contact-form" onSubmit={(e) => void save(e)} noValidate>
        <label for="contact-email">{t('clinician.contact.email')}</label>
        <div class="contact-row">
          <input
            id="contact-email"
            type="email"
            autoComplete="email"
            spellcheck={false}
            maxLength={254}
            value={email}
            aria-describedby={invalid ? 'contact-status contact-privacy contact-hint' : 'contact-privacy contact-hint'}
            aria-invalid={invalid ? 'true' : undefined}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" disabled={busy || !said}>
            {t('clinician.contact.save')}
          </button>
        </div>
        <p id="contact-hint" class="muted small">
          {t('clinician.contact.clearHint')}
        </p>
      </form>
      <p id="contact-status" role="status" class={invalid || said?.kind === 'error' ? 'error' : 'contact-saved'}>
        {status}
      </p>
    </section>
  );
}
