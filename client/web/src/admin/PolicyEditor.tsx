import { useEffect, useRef, useState } from 'preact/hooks';
import type { EscalationPolicy, EscalationTier } from '../../../../shared/http.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { t as translate, useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { uniqueProblems, useSentence, validationIssues, type FieldProblem, type Issue } from './issues.js';
import { invalidProps, Problems } from './Problems.js';

/** A tier as the form holds it: text as typed, parsed only on save. */
interface TierDraft {
  key: number;
  name: string;
  target: 'on-call' | 'users';
  userIds: string;
  ackTimeoutSec: string;
  /** The tier's other settings (set elsewhere): saved back unchanged. */
  rest: Record<string, unknown>;
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

function toDraft(policy: EscalationPolicy): Draft {
  const { tiers, repeats, realertSec, webhookUrl, ...rest } = policy;
  return {
    tiers: tiers.map((tier) => {
      const { name, target, ackTimeoutSec, ...tierRest } = tier;
      const { userIds, ...other } = tierRest as { userIds?: string[] };
      return { key: nextKey++, name, target, userIds: userIds?.join(', ') ?? '', ackTimeoutSec: String(ackTimeoutSec), rest: other };
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
    })),
    repeats: number(draft.repeats),
    realertSec: number(draft.realertSec),
    ...(draft.webhookUrl.trim() ? { webhookUrl: draft.webhookUrl.trim() } : {}),
  };
}

/** The server's issue, as a sentence in the current language next to the control it concerns. */
function problemOf(issue: Issue): FieldProblem {
  const [head, index, field] = issue.path.split('.');
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
    case 'webhookUrl':
      return { fieldId: 'policy-webhook', text: translate('admin.issue.webhook') };
    default:
      return { text: issue.path ? translate('admin.issue.other', { field: issue.path, message: issue.message }) : issue.message };
  }
}

/** The escalation policy: tiers (on call or named users, each with its time to acknowledge), repeats, re-alert, webhook. */
export function PolicyEditor() {
  const t = useT();
  const token = useAppState().session!.token;
  const [draft, setDraft] = useState<Draft | undefined>();
  const [status, setStatus] = useSentence();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api('GET /api/escalation-policy', { token }).then(
      ({ policy }) => setDraft(toDraft(policy)),
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
  const problems = uniqueProblems(issues.map(problemOf));
  const invalid = (fieldId: string) => invalidProps('policy-problems', problems, fieldId);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const changeTier = (key: number, patch: Partial<TierDraft>) => change({ tiers: draft.tiers.map((tier) => (tier.key === key ? { ...tier, ...patch } : tier)) });
  // Paths name tiers by position: after adding or removing one, the old sentences would point at the wrong tier.
  const reshape = (tiers: TierDraft[]) => {
    setIssues([]);
    change({ tiers });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus(undefined);
    setIssues([]);
    try {
      const { policy } = await api('PUT /api/escalation-policy', { token, body: toBody(draft) });
      setDraft(toDraft(policy));
      setStatus(() => t('admin.policy.saved'));
    } catch (err) {
      const found = validationIssues(err);
      if (!found) return setStatus(() => errorText(err));
      setIssues(found.length ? found : [{ path: '', message: errorText(err) }]);
      requestAnimationFrame(() => problemsRef.current?.focus());
    } finally {
      setBusy(false);
    }
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
              reshape([...draft.tiers, { key: nextKey++, name: t('admin.policy.newTier', { n: draft.tiers.length + 1 }), target: 'on-call', userIds: '', ackTimeoutSec: '60', rest: {} }]);
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
