import { useEffect, useState } from 'preact/hooks';
import type { EscalationPolicy, EscalationTier, TierNotify } from '../../../../shared/http.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { t as translate, useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { otherProblem, uniqueProblems, useRefusableForm, type FieldProblem, type Issue } from './issues.js';
import { invalidProps, Problems } from './Problems.js';
import { policyChanged } from './Shifts.js';

/** A tier as the form holds it: text as typed, parsed only on save. */
interface TierDraft {
  key: number;
  name: string;
  target: 'on-call' | 'users';
  userIds: string;
  ackTimeoutSec: string;
  notify: NotifyDraft;
  /** The tier's other settings (set elsewhere): saved back unchanged. */
  rest: Record<string, unknown>;
}
/** A tier's e-mail and pager settings as typed. */
interface NotifyDraft {
  /** The tier had a `notify` block: it is sent back even when everything is switched off. */
  had: boolean;
  afterSec: string;
  email: boolean;
  url: string;
  format: 'generic' | 'pagerduty';
  routingKey: string;
  /** Settings of `notify` and its webhook this form does not show: saved back unchanged. */
  rest: Record<string, unknown>;
  webhookRest: Record<string, unknown>;
}
interface Draft {
  tiers: TierDraft[];
  repeats: string;
  realertSec: string;
  webhookUrl: string;
  /** The policy's other settings: saved back unchanged. */
  rest: Record<string, unknown>;
}

let nextKey = 1;
const MAX_TIERS = 10;

function toNotifyDraft(notify: TierNotify | undefined): NotifyDraft {
  const { afterSec = 30, email = false, webhook, ...rest } = notify ?? {};
  const { url = '', format = 'generic', routingKey = '', ...webhookRest } = webhook ?? {};
  return { had: notify !== undefined, afterSec: String(afterSec), email, url, format, routingKey, rest, webhookRest };
}

/** `notify` as the server takes it, or nothing when the tier never had one and nothing is switched on. */
function toNotifyBody(n: NotifyDraft): { notify?: Record<string, unknown> } {
  const url = n.url.trim();
  const routingKey = n.routingKey.trim();
  if (!n.had && !n.email && !url) return {};
  const webhook = url ? { webhook: { ...n.webhookRest, url, format: n.format, ...(routingKey ? { routingKey } : {}) } } : {};
  return { notify: { ...n.rest, afterSec: number(n.afterSec), email: n.email, ...webhook } };
}

function toDraft(policy: EscalationPolicy): Draft {
  const { tiers, repeats, realertSec, webhookUrl, ...rest } = policy;
  return {
    tiers: tiers.map((tier) => {
      const { name, target, ackTimeoutSec, ...tierRest } = tier;
      const { userIds, notify, ...other } = tierRest as { userIds?: string[]; notify?: TierNotify };
      return { key: nextKey++, name, target, userIds: userIds?.join(', ') ?? '', ackTimeoutSec: String(ackTimeoutSec), notify: toNotifyDraft(notify), rest: other };
    }),
    repeats: String(repeats),
    realertSec: String(realertSec),
    webhookUrl: webhookUrl ?? '',
    rest,
  };
}

/** Numbers as typed; an empty or non-numeric field goes as null, so the server names the field. */
const number = (raw: string): number | null => (raw.trim() === '' || !Number.isFinite(Number(raw)) ? null : Number(raw));

function toBody(draft: Draft): unknown {
  return {
    ...draft.rest,
    tiers: draft.tiers.map((tier): Partial<Record<keyof EscalationTier, unknown>> => ({
      ...tier.rest,
      name: tier.name.trim(),
      target: tier.target,
      ...(tier.target === 'users' ? { userIds: tier.userIds.split(/[\s,;]+/).filter(Boolean) } : {}),
      ackTimeoutSec: number(tier.ackTimeoutSec),
      ...toNotifyBody(tier.notify),
    })),
    repeats: number(draft.repeats),
    realertSec: number(draft.realertSec),
    ...(draft.webhookUrl.trim() ? { webhookUrl: draft.webhookUrl.trim() } : {}),
  };
}

/** The server's issue, as a sentence in the current language next to the control it concerns. */
function problemOf(issue: Issue, draft: Draft): FieldProblem {
  const [head, index, field, ...sub] = issue.path.split('.');
  if (head === 'tiers' && index !== undefined && /^\d+$/.test(index)) {
    const n = Number(index) + 1;
    const i = Number(index);
    switch (field) {
      case 'name':
        return { fieldId: `tier-${i}-name`, text: translate('admin.issue.tierName', { n }) };
      case 'target':
        return { fieldId: `tier-${i}-target`, text: translate('admin.issue.tierTarget', { n }) };
      case 'userIds':
        return { fieldId: `tier-${i}-users`, text: translate('admin.issue.tierUsers', { n }) };
      case 'ackTimeoutSec':
        return { fieldId: `tier-${i}-ack`, text: translate('admin.issue.tierAck', { n }) };
      case 'notify':
        if (sub[0] === 'afterSec') return { fieldId: `tier-${i}-notify-after`, text: translate('admin.issue.tierNotifyAfter', { n }) };
        if (sub[1] === 'url') return { fieldId: `tier-${i}-notify-url`, text: translate('admin.issue.tierNotifyWebhook', { n }) };
        if (sub[1] === 'routingKey') return { fieldId: `tier-${i}-notify-key`, text: translate('admin.issue.tierNotifyKey', { n }) };
        return { text: translate('admin.issue.tierOther', { n, message: issue.message }) };
      default:
        return { text: translate('admin.issue.tierOther', { n, message: issue.message }) };
    }
  }
  switch (head) {
    case 'tiers':
      return { text: translate('admin.issue.tiers') };
    case 'repeats':
      return { fieldId: 'policy-repeats', text: translate('admin.issue.repeats') };
    case 'realertSec':
      return { fieldId: 'policy-realert', text: translate('admin.issue.realert') };
    case 'webhookUrl': {
      // The server names a refused pager address `webhookUrl` too: point at a tier's when the policy has none of its own.
      const i = draft.webhookUrl.trim() ? -1 : draft.tiers.findIndex((tier) => tier.notify.url.trim());
      if (i >= 0) return { fieldId: `tier-${i}-notify-url`, text: translate('admin.issue.tierNotifyWebhook', { n: i + 1 }) };
      return { fieldId: 'policy-webhook', text: translate('admin.issue.webhook') };
    }
    default:
      return otherProblem(issue, translate);
  }
}

/** The escalation policy: tiers (on call or named users, each with its time to acknowledge), repeats, re-alert, webhook. */
export function PolicyEditor() {
  const t = useT();
  const token = useAppState().session!.token;
  const [draft, setDraft] = useState<Draft | undefined>();
  const { status, setStatus, issues, setIssues, busy, problemsRef, submit } = useRefusableForm();

  useEffect(() => {
    api('GET /api/escalation-policy', { token }).then(
      ({ policy }) => {
        setDraft(toDraft(policy));
        policyChanged(policy);
      },
      (err: unknown) => setStatus(() => errorText(err)),
    );
  }, [token]);

  if (!draft) {
    return (
      <section class="card admin-section" aria-labelledby="admin-policy-title">
        <h2 id="admin-policy-title">{t('admin.policy.title')}</h2>
        <p role="status">{status ?? t('admin.policy.loading')}</p>
      </section>
    );
  }

  // Sentences are made at render time, so they follow a language switch.
  const problems = uniqueProblems(issues.map((issue) => problemOf(issue, draft)));
  const invalid = (fieldId: string) => invalidProps('policy-problems', problems, fieldId);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const changeTier = (key: number, patch: Partial<TierDraft>) => change({ tiers: draft.tiers.map((tier) => (tier.key === key ? { ...tier, ...patch } : tier)) });
  const changeNotify = (tier: TierDraft, patch: Partial<NotifyDraft>) => changeTier(tier.key, { notify: { ...tier.notify, ...patch } });
  // Paths name tiers by position: after adding or removing one, the old sentences would point at the wrong tier.
  const reshape = (tiers: TierDraft[]) => {
    setIssues([]);
    change({ tiers });
  };

  const save = (e: Event) => {
    e.preventDefault();
    return submit(async () => {
      const { policy } = await api('PUT /api/escalation-policy', { token, body: toBody(draft) });
      setDraft(toDraft(policy));
      policyChanged(policy);
      setStatus(() => t('admin.policy.saved'));
    });
  };

  return (
    <section class="card admin-section" aria-labelledby="admin-policy-title">
      <h2 id="admin-policy-title">{t('admin.policy.title')}</h2>
      <p class="muted">{t('admin.policy.intro')}</p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ol class="tiers">
          {draft.tiers.map((tier, i) => (
            <li key={tier.key}>
              <fieldset class="tier">
                <legend>{t('admin.policy.tier', { n: i + 1 })}</legend>
                <div class="admin-row">
                  <label>
                    {t('admin.policy.tierName')}
                    <input id={`tier-${i}-name`} value={tier.name} maxLength={80} onInput={(e) => changeTier(tier.key, { name: (e.target as HTMLInputElement).value })} {...invalid(`tier-${i}-name`)} />
                  </label>
                  <span class="field">
                    <label for={`tier-${i}-target`}>{t('admin.policy.target')}</label>
                    <select
                      id={`tier-${i}-target`}
                      value={tier.target}
                      onChange={(e) => changeTier(tier.key, { target: (e.target as HTMLSelectElement).value as TierDraft['target'] })}
                      {...invalid(`tier-${i}-target`)}
                    >
                      <option value="on-call">{t('admin.policy.onCall')}</option>
                      <option value="users">{t('admin.policy.users')}</option>
                    </select>
                  </span>
                  <label class="narrow">
                    {t('admin.policy.ackTimeout')}
                    <input
                      id={`tier-${i}-ack`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={3600}
                      value={tier.ackTimeoutSec}
                      onInput={(e) => changeTier(tier.key, { ackTimeoutSec: (e.target as HTMLInputElement).value })}
                      {...invalid(`tier-${i}-ack`)}
                    />
                  </label>
                </div>
                {tier.target === 'users' && (
                  <label>
                    {t('admin.policy.userIds')}
                    <input
                      id={`tier-${i}-users`}
                      value={tier.userIds}
                      autoComplete="off"
                      spellcheck={false}
                      onInput={(e) => changeTier(tier.key, { userIds: (e.target as HTMLInputElement).value })}
                      {...invalid(`tier-${i}-users`)}
                    />
                  </label>
                )}
                <NotifyFields i={i} notify={tier.notify} onChange={(patch) => changeNotify(tier, patch)} invalid={invalid} />
                {draft.tiers.length > 1 && (
                  <button type="button" class="link" onClick={() => {
                      reshape(draft.tiers.filter((other) => other.key !== tier.key));
                      requestAnimationFrame(() => document.getElementById('add-tier')?.focus());
                    }}
                  >
                    {t('admin.policy.removeTier', { n: i + 1 })}
                  </button>
                )}
              </fieldset>
            </li>
          ))}
        </ol>
        {draft.tiers.length < MAX_TIERS && (
          <button
            type="button"
            id="add-tier"
            onClick={() => {
              reshape([...draft.tiers, { key: nextKey++, name: t('admin.policy.newTier', { n: draft.tiers.length + 1 }), target: 'on-call', userIds: '', ackTimeoutSec: '60', notify: toNotifyDraft(undefined), rest: {} }]);
              requestAnimationFrame(() => document.getElementById(`tier-${draft.tiers.length}-name`)?.focus());
            }}
          >
            {t('admin.policy.addTier')}
          </button>
        )}
        <div class="admin-row">
          <label class="narrow">
            {t('admin.policy.repeats')}
            <input id="policy-repeats" type="number" inputMode="numeric" min={0} max={20} value={draft.repeats} onInput={(e) => change({ repeats: (e.target as HTMLInputElement).value })} {...invalid('policy-repeats')} />
          </label>
          <label class="wide">
            {t('admin.policy.realert')}
            <input id="policy-realert" type="number" inputMode="numeric" min={1} max={86400} value={draft.realertSec} onInput={(e) => change({ realertSec: (e.target as HTMLInputElement).value })} {...invalid('policy-realert')} />
          </label>
        </div>
        <label>
          {t('admin.policy.webhook')}
          <input id="policy-webhook" type="url" value={draft.webhookUrl} autoComplete="off" spellcheck={false} placeholder="https://" onInput={(e) => change({ webhookUrl: (e.target as HTMLInputElement).value })} {...invalid('policy-webhook')} />
        </label>
        <Problems id="policy-problems" title={t('admin.policy.notSaved')} problems={problems} focusRef={problemsRef} />
        <p class="admin-actions">
          <button type="submit" class="primary" disabled={busy}>
            {t('admin.policy.save')}
          </button>{' '}
          <span role="status" class="admin-status">
            {status ?? ''}
          </span>
        </p>
      </form>
    </section>
  );
}

/** A tier's e-mail and pager: when, whether to e-mail, the pager's address and format (its routing key for PagerDuty). */
function NotifyFields({ i, notify, onChange, invalid }: { i: number; notify: NotifyDraft; onChange: (patch: Partial<NotifyDraft>) => void; invalid: (fieldId: string) => ReturnType<typeof invalidProps> }) {
  const t = useT();
  const id = `tier-${i}-notify`;
  return (
    <fieldset class="notify" aria-describedby={`${id}-hint`}>
      <legend>{t('admin.policy.notify')}</legend>
      <p id={`${id}-hint`} class="muted small">
        {t('admin.policy.notifyHint')}
      </p>
      <div class="admin-row">
        <span class="check">
          <input id={`${id}-email`} type="checkbox" checked={notify.email} onChange={(e) => onChange({ email: (e.target as HTMLInputElement).checked })} />
          <label for={`${id}-email`}>{t('admin.policy.notifyEmail')}</label>
        </span>
        <label class="narrow">
          {t('admin.policy.notifyAfter')}
          <input id={`${id}-after`} type="number" inputMode="numeric" min={0} max={3600} value={notify.afterSec} onInput={(e) => onChange({ afterSec: (e.target as HTMLInputElement).value })} {...invalid(`${id}-after`)} />
        </label>
      </div>
      <div class="admin-row">
        <label class="wide">
          {t('admin.policy.notifyWebhook')}
          <input id={`${id}-url`} type="url" value={notify.url} autoComplete="off" spellcheck={false} placeholder="https://" onInput={(e) => onChange({ url: (e.target as HTMLInputElement).value })} {...invalid(`${id}-url`)} />
        </label>
        <span class="field">
          <label for={`${id}-format`}>{t('admin.policy.notifyFormat')}</label>
          <select id={`${id}-format`} value={notify.format} onChange={(e) => onChange({ format: (e.target as HTMLSelectElement).value as NotifyDraft['format'] })}>
            <option value="generic">{t('admin.policy.formatGeneric')}</option>
            <option value="pagerduty">{t('admin.policy.formatPagerduty')}</option>
          </select>
        </span>
      </div>
      {notify.format === 'pagerduty' && (
        <label>
          {t('admin.policy.routingKey')}
          <input id={`${id}-key`} value={notify.routingKey} maxLength={200} autoComplete="off" spellcheck={false} onInput={(e) => onChange({ routingKey: (e.target as HTMLInputElement).value })} {...invalid(`${id}-key`)} />
        </label>
      )}
    </fieldset>
  );
}
