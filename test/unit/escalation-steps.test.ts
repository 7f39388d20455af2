import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../../shared/http.js';
import type { Escalation } from '../../shared/models.js';
import { AuditLog } from '../../server/audit/audit-log.js';
import type { Identity } from '../../server/auth/identity.js';
import type { ConversationRecord } from '../../server/conversations/conversation.repository.js';
import { EscalationService } from '../../server/escalation/escalation.service.js';
import { EscalationSteps } from '../../server/escalation/escalation.steps.js';
import type { WebhookSender } from '../../server/escalation/webhook-target.js';
import { OutOfBand } from '../../server/escalation/out-of-band.js';
import { AccessRecorder } from '../../server/privacy/access-log.js';
import { MemoryPresenceTracker, type PresenceTracker } from '../../server/presence/presence.tracker.js';
import { CrisisResources } from '../../server/safety/crisis-resources.js';
import { loadRiskAssessor } from '../../server/safety/risk-assessor.js';
import { SafetyExamples } from '../../server/safety/safety-examples.js';
import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import type { Store } from '../../server/store/store.js';
import { fakeClock, recordingNotifier } from '../support/fakes.js';

// The escalation chain in time, without sockets or real seconds: the clock moves only when a test
// moves it, and a step happens only when the test calls tick(), as every node's timer would.

const SEC = 1000;
const LEASE_MS = 10 * SEC;
const HOOK_URL = 'https://hooks.example.org/escalations';
const person = (userId: string, role: Identity['role'], programId?: string): Identity => ({
  userId,
  role,
  name: userId.charAt(0).toUpperCase() + userId.slice(1),
  expiresAt: Number.MAX_SAFE_INTEGER,
  ...(programId ? { programId } : {}),
});
const alice = person('alice', 'mentee', 'p1');
const sam = person('sam', 'specialist', 'p1');
const ada = person('ada', 'admin');
const assessor = loadRiskAssessor();
const conversation: ConversationRecord = { id: 'conv-1', kind: 'mentorship', status: 'active', mentorshipId: 'm-1', createdAt: '2026-03-02T09:00:00.000Z' };

let store: Store;
let clock: ReturnType<typeof fakeClock>;
let rec: ReturnType<typeof recordingNotifier>;
let presence: MemoryPresenceTracker;
let webhookCalls: Array<{ url: string; payload: any }>;
let mails: Array<{ to: string; subject: string; text: string }>;
let steps: EscalationSteps;
let outOfBand: OutOfBand;
let escalations: EscalationService;

/** What the steps logged, as parsed pino lines. */
let logged: Array<Record<string, unknown>>;
const capturingLogger = () => pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

function stepsFor(nodeId: string, over: { presence?: PresenceTracker; webhook?: WebhookSender } = {}) {
  const audit = new AuditLog({ repository: store.audit, clock });
  const webhook: WebhookSender = over.webhook ?? (async (url, payload) => (webhookCalls.push({ url, payload }), 204));
  const log = capturingLogger();
  outOfBand = new OutOfBand({
    store,
    audit,
    clock,
    log,
    mailer: async (mail) => void mails.push(mail),
    webhook,
    publicUrl: 'https://chat.example.org',
    nodeId,
    leaseMs: LEASE_MS,
  });
  return new EscalationSteps({ store, notifier: rec.notifier, presence: over.presence ?? presence, audit, clock, webhook, outOfBand, nodeId, log, leaseMs: LEASE_MS });
}

beforeEach(async () => {
  store = createMemoryStore();
  clock = fakeClock();
  rec = recordingNotifier();
  presence = new MemoryPresenceTracker();
  webhookCalls = [];
  mails = [];
  logged = [];
  steps = stepsFor('node-a');
  escalations = new EscalationService({
    store,
    notifier: rec.notifier,
    audit: new AuditLog({ repository: store.audit, clock }),
    clock,
    resources: new CrisisResources('nl'),
    examples: new SafetyExamples({ repository: store.safetyExamples, clock }),
    webhookRules: { allowPrivate: false, requireHttps: false },
    steps,
    outOfBand,
    access: new AccessRecorder({ store, clock }),
  });
  await store.users.upsert({ id: 'alice', role: 'mentee', name: 'Alice', programId: 'p1', lastSeenAt: conversation.createdAt });
  await store.conversations.create(conversation, [
    { conversationId: conversation.id, userId: 'alice', role: 'mentee', lastReadSeq: 0, joinedAt: conversation.createdAt },
    { conversationId: conversation.id, userId: 'sam', role: 'specialist', lastReadSeq: 0, joinedAt: conversation.createdAt },
  ]);
});

// --- what the tests do -------------------------------------------------------------------------

const setPolicy = (policy: unknown) => escalations.setPolicy(ada, escalationPolicySchema.parse(policy));
const onCallTier = (ackTimeoutSec: number) => ({ name: 'On call', target: 'on-call', ackTimeoutSec });
const usersTier = (userIds: string[], ackTimeoutSec: number) => ({ name: 'Backup', target: 'users', userIds, ackTimeoutSec });

/** A clinician who is connected (one socket) and, unless told otherwise, on call for program p1. */
async function clinician(userId: string, options: { onCall?: boolean; programId?: string; online?: boolean } = {}) {
  const who = person(userId, 'clinician', options.programId ?? 'p1');
  if (options.onCall ?? true) await escalations.setOnCall(who, true);
  if (options.online ?? true) await presence.add(userId, `${userId}-socket`);
  return who;
}

/** The specialist raises one by hand; the step that opening kicks off is awaited. */
async function raise(): Promise<Escalation> {
  const { escalation } = await escalations.raise(sam, { conversationId: conversation.id, reason: 'She stopped answering after a worrying message' });
  await steps.tick();
  return escalation;
}

/** Time passes; then the tick every node runs. */
async function after(ms: number) {
  clock.advance(ms);
  await steps.tick();
}

const alertsTo = (userId: string): Escalation[] => rec.to(userId, 'escalation:alerted').map((s) => s.payload.escalation);
const allAlerts = () => rec.sent.filter((s) => s.event === 'escalation:alerted');
const unroutedNotices = () => rec.sent.filter((s) => s.event === 'escalation:unrouted');
const auditActions = async () => (await store.audit.list({ conversationId: conversation.id, limit: 1000 })).map((e) => e.action);

// --- the chain ---------------------------------------------------------------------------------

describe('EscalationSteps: tiers', () => {
  beforeEach(() => setPolicy({ tiers: [onCallTier(60), usersTier(['backup'], 120)], repeats: 1, realertSec: 900 }));

  it('alerts tier 1 first (the on-call clinicians of the mentee’s program), and nobody else', async () => {
    await clinician('carol');
    await clinician('olga', { programId: 'p2' }); // on call, but for another program
    await clinician('backup', { onCall: false });
    const opened = await raise();

    expect(alertsTo('carol')).toEqual([{ ...opened, tier: 1, round: 0 }]);
    expect(alertsTo('olga')).toEqual([]);
    expect(alertsTo('backup')).toEqual([]);
    // The alert is what a clinician sees: no scheduling fields.
    expect(alertsTo('carol')[0]).not.toHaveProperty('nextStepAt');
    expect(alertsTo('carol')[0]).not.toHaveProperty('alertedIds');
    expect(unroutedNotices()).toEqual([]);
  });

  it('alerts tier 2 once tier 1’s ackTimeoutSec has passed without an acknowledgement, not a moment before', async () => {
    await clinician('carol');
    await clinician('backup', { onCall: false });
    const opened = await raise();

    await after(60 * SEC - 1);
    expect(alertsTo('backup')).toEqual([]);
    await after(1);
    expect(alertsTo('backup')).toEqual([{ ...opened, tier: 2, round: 0 }]);
    expect(alertsTo('carol')).toHaveLength(1); // tier 1 is not alerted again at tier 2's step
    expect(await auditActions()).toEqual(['escalation.opened', 'escalation.alerted', 'escalation.escalated']);

    // Tier 2's own timeout (120 s) rules the next step.
    await after(120 * SEC - 1);
    expect(allAlerts()).toHaveLength(2);
  });

  it('repeats the chain (round + 1) after the last tier; past `repeats` the webhook (without message text) and online admins hear that nobody took it', async () => {
    await setPolicy({ tiers: [onCallTier(60), usersTier(['backup'], 120)], repeats: 1, realertSec: 900, webhookUrl: HOOK_URL });
    await clinician('carol');
    await clinician('backup', { onCall: false });
    // Opened by a risky message, so the escalation carries the conversation's text in its excerpt.
    const body = 'ik wil niet meer leven';
    const { message } = await store.messages.append(
      { conversationId: conversation.id, senderId: 'alice', senderRole: 'mentee', senderName: 'Alice', body, clientMessageId: 'a-1', createdAt: new Date(clock.now()).toISOString() },
      'msg-1',
    );
    const assessment = assessor.assess(body);
    expect(assessment.level).toBe('high');
    await escalations.onMessage(alice, conversation, assessment, message);
    await steps.tick();
    const [opened] = alertsTo('carol');
    expect(opened).toMatchObject({ tier: 1, round: 0, excerpt: [expect.objectContaining({ body })] });

    await after(60 * SEC);
    expect(alertsTo('backup').map((e) => [e.tier, e.round])).toEqual([[2, 0]]);
    await after(120 * SEC);
    expect(alertsTo('carol').map((e) => [e.tier, e.round])).toEqual([[1, 0], [1, 1]]);
    await after(60 * SEC);
    expect(alertsTo('backup').map((e) => [e.tier, e.round])).toEqual([[2, 0], [2, 1]]);
    expect(webhookCalls).toEqual([]);
    expect(unroutedNotices()).toEqual([]);

    // The last tier of the last repeat runs out: nobody is taking it.
    await after(120 * SEC);
    expect(webhookCalls).toHaveLength(1);
    expect(webhookCalls[0]).toEqual({
      url: HOOK_URL,
      payload: { event: 'escalation.unrouted', why: 'the chain ran out', escalation: expect.objectContaining({ id: opened!.id, conversationId: conversation.id, severity: 'high', messagesInExcerpt: 1 }) },
    });
    const sentToHook = JSON.stringify(webhookCalls[0]!.payload);
    for (const text of [body, 'leven', 'Alice']) expect(sentToHook).not.toContain(text);
    expect(unroutedNotices()).toEqual([{ to: 'admin', event: 'escalation:unrouted', payload: { escalation: expect.objectContaining({ id: opened!.id }) } }]);
    expect(await auditActions()).toContain('webhook.called');
  });

  it('skips a tier with nobody connected and alerts the next one at once', async () => {
    await clinician('carol', { online: false }); // on call, but not connected
    await clinician('backup', { onCall: false });
    const opened = await raise();
    expect(alertsTo('backup')).toEqual([{ ...opened, tier: 2, round: 0 }]);
    expect(alertsTo('carol')).toEqual([]);
    expect(unroutedNotices()).toEqual([]);
  });

  it('a tier of target `users` alerts the named users who are connected, whether on call or not', async () => {
    await setPolicy({ tiers: [usersTier(['dana', 'erik', 'fay'], 60), onCallTier(60)], repeats: 0, realertSec: 900 });
    await clinician('carol'); // on call: tier 2, not tier 1
    await clinician('dana', { onCall: false });
    await clinician('erik'); // named and also on call
    await clinician('fay', { onCall: false, online: false }); // named, but not connected
    const opened = await raise();

    expect(allAlerts()).toEqual([{ to: 'dana,erik', event: 'escalation:alerted', payload: { escalation: { ...opened, tier: 1, round: 0 } } }]);
    await after(60 * SEC);
    expect(alertsTo('carol').map((e) => e.tier)).toEqual([2]);
    expect(alertsTo('fay')).toEqual([]);
  });
});

describe('EscalationSteps: acknowledgement and re-alerts', () => {
  beforeEach(() => setPolicy({ tiers: [onCallTier(60), usersTier(['backup'], 120)], repeats: 2, realertSec: 900 }));

  it('an acknowledgement stops the chain; resolving stops the re-alerts', async () => {
    const carol = await clinician('carol');
    await clinician('backup', { onCall: false });
    const opened = await raise();
    await after(10 * SEC);
    await escalations.ack(carol, opened.id);
    expect(rec.to('carol', 'escalation:updated').map((s) => s.payload.escalation)).toEqual([expect.objectContaining({ status: 'acknowledged', ownerId: 'carol' })]);

    for (let i = 0; i < 10; i++) await after(60 * SEC); // well past every tier's timeout, short of the re-alert
    expect(alertsTo('backup')).toEqual([]);
    expect(allAlerts()).toHaveLength(1);

    await escalations.resolve(carol, { escalationId: opened.id, outcome: 'Safety plan agreed' });
    await after(24 * 3600 * SEC);
    expect(allAlerts()).toHaveLength(1);
    expect((await store.escalations.get(opened.id))?.status).toBe('resolved');
  });

  it('acknowledged but unresolved: after realertSec the owner and tier 1 are alerted again, and again after each realertSec', async () => {
    await clinician('carol');
    await clinician('dave');
    const backup = await clinician('backup', { onCall: false });
    await clinician('zoe', { onCall: false }); // connected, in no tier
    const opened = await raise();
    await after(60 * SEC); // tier 2: backup
    await escalations.ack(backup, opened.id);
    const alertsBefore = allAlerts().length;

    await after(900 * SEC - 1);
    expect(allAlerts()).toHaveLength(alertsBefore);
    await after(1);
    const realert = allAlerts().slice(alertsBefore);
    expect(realert).toHaveLength(1);
    expect(realert[0]!.to.split(',').sort()).toEqual(['backup', 'carol', 'dave']);
    expect(realert[0]!.payload.escalation).toMatchObject({ id: opened.id, status: 'acknowledged', ownerId: 'backup' });
    expect(alertsTo('zoe')).toEqual([]);

    await after(900 * SEC);
    expect(allAlerts()).toHaveLength(alertsBefore + 2);
    expect(await auditActions()).toEqual(expect.arrayContaining(['escalation.acknowledged', 'escalation.realerted']));
  });

  it('an acknowledgement that lands while a step is under way is not undone by that step', async () => {
    const carol = await clinician('carol');
    await clinician('backup', { onCall: false });
    const opened = await raise();

    // Tier 2's step stops at the presence lookup until the acknowledgement is in.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atLookup = new Promise<void>((r) => (reached = r));
    const slowPresence: PresenceTracker = {
      add: (u, s) => presence.add(u, s),
      remove: (u, s) => presence.remove(u, s),
      close: () => presence.close(),
      onlineAmong: async (ids) => {
        reached();
        await gate;
        return presence.onlineAmong(ids);
      },
    };
    const slowNode = stepsFor('node-b', { presence: slowPresence });
    clock.advance(60 * SEC);
    const step = slowNode.tick();
    await atLookup;
    await escalations.ack(carol, opened.id);
    release();
    await step;

    const stored = await store.escalations.get(opened.id);
    expect(stored).toMatchObject({ status: 'acknowledged', ownerId: 'carol', tier: 1, nextStepAt: clock.now() + 900 * SEC });
    // No further steps until the re-alert is due.
    await after(899 * SEC);
    expect(alertsTo('carol')).toHaveLength(1);
  });
});

describe('EscalationSteps: nobody reachable', () => {
  it('nobody of any tier connected: the unrouted notice goes out once, the chain is retried, and the first clinician to connect is alerted', async () => {
    await setPolicy({ tiers: [onCallTier(60), usersTier(['backup'], 120)], repeats: 2, realertSec: 900, webhookUrl: HOOK_URL });
    await clinician('carol', { online: false });
    const opened = await raise();

    expect(allAlerts()).toEqual([]);
    expect(unroutedNotices()).toEqual([{ to: 'admin', event: 'escalation:unrouted', payload: { escalation: expect.objectContaining({ id: opened.id }) } }]);
    expect(webhookCalls).toEqual([{ url: HOOK_URL, payload: expect.objectContaining({ why: 'no clinician of any tier is connected' }) }]);
    expect(JSON.stringify(webhookCalls[0]!.payload)).not.toContain('She stopped answering');

    // Retried every min(30 s, shortest ackTimeoutSec); still nobody: no second notice.
    await after(30 * SEC);
    await after(30 * SEC);
    expect(unroutedNotices()).toHaveLength(1);
    expect(webhookCalls).toHaveLength(1);

    await presence.add('carol', 'carol-socket');
    await after(30 * SEC - 1);
    expect(alertsTo('carol')).toEqual([]);
    await after(1);
    expect(alertsTo('carol')).toEqual([{ ...opened, tier: 1, round: 0 }]);
    expect(unroutedNotices()).toHaveLength(1);
  });

  it('without a webhook configured, admins are still told and the audit says unrouted', async () => {
    await setPolicy({ tiers: [onCallTier(60)], repeats: 0, realertSec: 900 });
    const opened = await raise();
    expect(unroutedNotices()).toEqual([{ to: 'admin', event: 'escalation:unrouted', payload: { escalation: expect.objectContaining({ id: opened.id }) } }]);
    expect(webhookCalls).toEqual([]);
    expect(await auditActions()).toEqual(['escalation.opened', 'escalation.unrouted']);
  });

  it('an unrouted escalation is logged at warn with its id and severity, and no text', async () => {
    await setPolicy({ tiers: [onCallTier(60)], repeats: 0, realertSec: 900 });
    const opened = await raise();
    const warnings = logged.filter((l) => l.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ escalationId: opened.id, severity: opened.severity, msg: expect.stringContaining('unrouted') })]);
    expect(JSON.stringify(logged)).not.toContain('She stopped answering');
  });
});

describe('EscalationSteps: several nodes', () => {
  beforeEach(() => setPolicy({ tiers: [onCallTier(60), usersTier(['backup'], 120)], repeats: 1, realertSec: 900 }));

  it('nodes ticking at the same moment take each step once', async () => {
    await clinician('carol');
    await clinician('backup', { onCall: false });
    await raise();
    const other = stepsFor('node-b');
    clock.advance(60 * SEC);
    await Promise.all([steps.tick(), other.tick(), steps.tick(), other.tick()]);
    expect(alertsTo('backup')).toHaveLength(1);
    expect(allAlerts()).toHaveLength(2);
  });

  it('a step that failed on one node is taken over by another once its lease has lapsed', async () => {
    await clinician('carol');
    await clinician('backup', { onCall: false });
    const opened = await raise();
    const broken: PresenceTracker = {
      add: (u, s) => presence.add(u, s),
      remove: (u, s) => presence.remove(u, s),
      close: () => presence.close(),
      onlineAmong: () => Promise.reject(new Error('presence lost')),
    };
    const failing = stepsFor('node-b', { presence: broken });
    clock.advance(60 * SEC);
    await failing.tick(); // claims the step, then fails it: the lease holds it
    await steps.tick();
    expect(alertsTo('backup')).toEqual([]);

    await after(LEASE_MS - 1);
    expect(alertsTo('backup')).toEqual([]);
    await after(1);
    expect(alertsTo('backup')).toEqual([{ ...opened, tier: 2, round: 0 }]);
  });
});

// --- out of band: shifts, e-mail and pagers ---------------------------------------------------

describe('EscalationSteps: out of band', () => {
  const notifyTier = (notify: Record<string, unknown>) => ({ ...onCallTier(300), notify });
  const shift = async (userId: string, email?: string) => {
    await store.shifts.create({ id: `shift-${userId}`, userId, from: new Date(clock.now() - 3600_000).toISOString(), to: new Date(clock.now() + 3600_000).toISOString(), createdBy: 'ada', createdAt: new Date(clock.now()).toISOString() });
    if (email) await store.contacts.put(userId, { email });
  };

  it('e-mails a clinician on shift with no socket at once, one e-mail per step, with no text, names or excerpt', async () => {
    await setPolicy({ tiers: [notifyTier({ afterSec: 30, email: true })], repeats: 0 });
    await shift('carol', 'carol@example.org');
    const opened = await raise();
    expect(alertsTo('carol')).toEqual([]); // no socket
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('carol@example.org');
    expect(mails[0]!.text).toContain(`https://chat.example.org/escalations/${opened.id}`);
    expect(mails[0]!.text).toContain('high');
    for (const secret of ['Alice', 'Sam', 'worrying', 'She stopped answering']) expect(mails[0]!.text + mails[0]!.subject).not.toContain(secret);
    await after(60 * SEC);
    await after(60 * SEC);
    expect(mails).toHaveLength(1);
    expect(await auditActions()).toContain('notification.sent');
  });

  it('waits afterSec for a connected tier, and sends nothing once someone acknowledges', async () => {
    await setPolicy({ tiers: [notifyTier({ afterSec: 30, email: true })], repeats: 0 });
    await shift('carol', 'carol@example.org');
    await clinician('dora');
    await store.contacts.put('dora', { email: 'dora@example.org' });
    await raise();
    expect(alertsTo('dora')).toHaveLength(1);
    await after(29 * SEC);
    expect(mails).toEqual([]);
    await after(1 * SEC);
    expect(mails.map((m) => m.to).sort()).toEqual(['carol@example.org', 'dora@example.org']);

  });

  it('sends nothing out of band once someone acknowledged within afterSec', async () => {
    await setPolicy({ tiers: [notifyTier({ afterSec: 30, email: true })], repeats: 0 });
    await shift('carol', 'carol@example.org');
    const dora = await clinician('dora');
    const opened = await raise();
    await after(10 * SEC);
    await escalations.ack(dora, opened.id);
    await after(30 * SEC);
    expect(mails).toEqual([]);
  });

  it('pages through PagerDuty: trigger after afterSec, then acknowledge and resolve with the same dedup_key', async () => {
    await setPolicy({ tiers: [notifyTier({ afterSec: 10, webhook: { url: HOOK_URL, format: 'pagerduty', routingKey: 'rk-123' } })], repeats: 0 });
    const carol = await clinician('carol');
    const opened = await raise();
    await after(10 * SEC);
    expect(webhookCalls).toHaveLength(1);
    expect(webhookCalls[0]!.payload).toMatchObject({ routing_key: 'rk-123', event_action: 'trigger', dedup_key: `escalation-${opened.id}`, payload: { severity: 'error' } });
    expect(JSON.stringify(webhookCalls[0]!.payload)).not.toContain('She stopped answering');
    await escalations.ack(carol, opened.id);
    await steps.tick();
    await escalations.resolve(carol, { escalationId: opened.id, outcome: 'Safe with family' });
    await steps.tick();
    expect(webhookCalls.map((c) => c.payload.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(new Set(webhookCalls.map((c) => c.payload.dedup_key)).size).toBe(1);
  });

  it('retries a failed send with backoff, audits each failure, and leaves the escalation alone', async () => {
    let failures = 2;
    steps = stepsFor('node-a', { webhook: async (url, payload) => (failures-- > 0 ? 503 : (webhookCalls.push({ url, payload }), 202)) });
    (escalations as unknown as { deps: { steps: EscalationSteps } }).deps.steps = steps;
    await setPolicy({ tiers: [notifyTier({ afterSec: 0, webhook: { url: HOOK_URL } })], repeats: 0 });
    await clinician('carol');
    await raise();
    expect(webhookCalls).toHaveLength(0);
    await after(5 * SEC); // first retry after 5 s: fails again
    await after(10 * SEC); // second retry after 10 s more: goes out
    expect(webhookCalls).toHaveLength(1);
    expect(webhookCalls[0]!.payload).toMatchObject({ event: 'escalation.notify', tier: 'On call' });
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'notification.retrying')).toHaveLength(2);
    expect(actions.filter((a) => a === 'notification.sent')).toHaveLength(1);
    expect(alertsTo('carol')).toHaveLength(1);
  });
});
