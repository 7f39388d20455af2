import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Escalation } from '../../shared/models.js';
import { call, ok, sentMessage, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';
import { eventually } from '../support/wait.js';

let server: TestServer;
let alice: TestSocket; // mentee in program p1
let sam: TestSocket; // her specialist
let conversationId: string;
const admin = () => server.token({ role: 'admin', sub: 'ada' });
const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

async function setPolicy(policy: unknown) {
  const res = await server.http('/api/escalation-policy', { method: 'PUT', token: admin(), body: policy });
  expect(res.status).toBe(200);
}

async function clinician(sub: string, onCall = true, programId = 'p1') {
  const socket = await server.connectAs({ role: 'clinician', sub, programId });
  if (onCall) await ok(socket, 'oncall:set', { onCall: true });
  return socket;
}

beforeEach(async () => {
  // The test webhook listens on loopback: allowed here as for an on-premise pager.
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0', ESCALATION_TICK_MS: '100', WEBHOOK_ALLOW_PRIVATE: 'true' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice', programId: 'p1' });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam', programId: 'p1' });
});
afterEach(() => server.close());

const say = (socket: TestSocket, body: string) => ok(socket, 'message:send', { conversationId, clientMessageId: crypto.randomUUID(), body });

describe('automatic escalation', () => {
  it('a risky mentee message alerts the on-call clinician with context, and the mentee gets crisis resources at once', async () => {
    const carol = await clinician('carol');
    await say(alice, 'hi Sam');
    await say(sam, 'Hi Alice, how are you today?');
    const resources = waitFor(alice, 'safety:resources');
    const alert = waitFor(carol, 'escalation:alerted');
    const sent = sentMessage(await say(alice, 'ik wil niet meer leven'));
    expect(await resources).toEqual({ conversationId, resources: expect.arrayContaining([expect.objectContaining({ phone: '0800-0113' })]) });
    const { escalation } = await alert;
    expect(escalation).toMatchObject({ conversationId, severity: 'high', source: 'auto', raisedBy: 'alice', status: 'open', tier: 1, categories: ['suicide'] });
    expect(escalation.excerpt.map((m) => m.body)).toEqual(['hi Sam', 'Hi Alice, how are you today?', sent.body]);
  });

  it('shows resources for the mentee’s locale', async () => {
    const bob = await server.connectAs({ role: 'mentee', sub: 'bob', locale: 'en-US' } as never);
    const { conversationId: id } = await server.assign('bob', 'sam');
    const resources = waitFor(bob, 'safety:resources');
    await ok(bob, 'message:send', { conversationId: id, clientMessageId: 'b1', body: "I don't want to wake up tomorrow" });
    expect((await resources).resources[0]).toMatchObject({ phone: '988' });
  });

  it('attaches further signals to the open escalation, raising its severity', async () => {
    const carol = await clinician('carol');
    const first = waitFor(carol, 'escalation:alerted');
    await say(alice, 'I want to die');
    const { escalation } = await first;
    const raised = waitFor(carol, 'escalation:updated', (e) => e.escalation.severity === 'imminent');
    await say(alice, 'I just took 30 pills');
    expect((await raised).escalation.id).toBe(escalation.id);
    expect((await ok(carol, 'escalation:list', {})).escalations).toHaveLength(1);
  });

  it('does not escalate ordinary messages, negations or idioms, nor messages from specialists', async () => {
    const carol = await clinician('carol');
    await say(alice, "I'm not suicidal, just tired");
    await say(alice, 'this homework is killing me');
    await say(sam, 'Some people say "I want to die" when they are overwhelmed');
    expect((await ok(carol, 'escalation:list', {})).escalations).toEqual([]);
  });
});

describe('manual escalation', () => {
  it('a specialist raises one; a mentee pressing for help raises one and gets resources', async () => {
    const carol = await clinician('carol');
    const alert = waitFor(carol, 'escalation:alerted');
    const { escalation } = await ok(sam, 'escalation:raise', { conversationId, reason: 'She stopped answering after a worrying message' });
    expect(escalation).toMatchObject({ source: 'manual', severity: 'high', raisedBy: 'sam', reason: 'She stopped answering after a worrying message' });
    expect((await alert).escalation.id).toBe(escalation.id);

    const { conversationId: other } = await server.assign('bob', 'sam');
    const bob = await server.connectAs({ role: 'mentee', sub: 'bob' });
    const resources = waitFor(bob, 'safety:resources');
    const raised = await ok(bob, 'escalation:raise', { conversationId: other });
    expect(raised.escalation.reason).toMatch(/asked for help/);
    await resources;
    // Participants learn it is under way, not the clinical detail.
    expect(raised.escalation.excerpt).toEqual([]);
    expect(raised.escalation.categories).toEqual([]);
  });

  it('outsiders cannot raise one for a conversation they are not in', async () => {
    const mallory = await server.connectAs({ role: 'mentee', sub: 'mallory' });
    expect(await call(mallory, 'escalation:raise', { conversationId })).toEqual(refused('FORBIDDEN'));
  });
});

describe('acknowledgement', () => {
  it('exactly one clinician becomes owner when several press at once; every alerted clinician hears of it', async () => {
    const clinicians = await Promise.all(['c1', 'c2', 'c3'].map((c) => clinician(c)));
    const alerts = clinicians.map((c) => waitFor(c, 'escalation:alerted'));
    await say(alice, 'I want to kill myself');
    const { escalation } = await alerts[0]!;
    await Promise.all(alerts);
    const updates = clinicians.map((c) => waitFor(c, 'escalation:updated', (e) => e.escalation.status === 'acknowledged'));
    const results = await Promise.all(clinicians.map((c) => call(c, 'escalation:ack', { escalationId: escalation.id })));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([refused('ALREADY_CLAIMED'), refused('ALREADY_CLAIMED')]);
    const owner = winners[0]!.ok ? winners[0]!.escalation.ownerId : undefined;
    for (const update of updates) expect((await update).escalation.ownerId).toBe(owner);
  });

  it('mentees and specialists can neither list nor acknowledge escalations', async () => {
    await clinician('carol');
    const { escalation } = await ok(sam, 'escalation:raise', { conversationId });
    for (const socket of [alice, sam]) {
      expect(await call(socket, 'escalation:list', {})).toEqual(refused('FORBIDDEN'));
      expect(await call(socket, 'escalation:ack', { escalationId: escalation.id })).toEqual(refused('FORBIDDEN'));
      expect(await call(socket, 'escalation:resolve', { escalationId: escalation.id, outcome: 'x' })).toEqual(refused('FORBIDDEN'));
    }
    expect(await call(sam, 'oncall:set', { onCall: true })).toEqual(refused('FORBIDDEN'));
  });
});

describe('warm handoff and resolution', () => {
  it('the owner joins the conversation, reads and writes, and resolves with a note only clinicians see', async () => {
    const carol = await clinician('carol');
    const alert = waitFor(carol, 'escalation:alerted');
    await say(alice, 'I want to die');
    const { escalation } = await alert;
    expect(await call(carol, 'escalation:join', { escalationId: escalation.id })).toEqual(refused('FORBIDDEN'));
    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    await ok(alice, 'conversation:join', { conversationId });
    const joined = waitFor(alice, 'member:joined');
    await ok(carol, 'escalation:join', { escalationId: escalation.id });
    expect(await joined).toMatchObject({ conversationId, userId: 'carol', role: 'clinician' });
    const history = await ok(carol, 'conversation:history', { conversationId });
    expect(history.messages.map((m) => m.body)).toContain('I want to die');
    const reply = waitFor(alice, 'message:created');
    await ok(carol, 'message:send', { conversationId, clientMessageId: 'c1', body: 'Alice, I am Carol, a clinician. I am here with you now.' });
    expect((await reply).senderRole).toBe('clinician');

    const { escalation: resolved } = await ok(carol, 'escalation:resolve', { escalationId: escalation.id, outcome: 'Safety plan agreed', note: 'Follow up tomorrow 10:00' });
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'Safety plan agreed', note: 'Follow up tomorrow 10:00' });
    const listed = (await ok(carol, 'escalation:list', { status: 'resolved' })).escalations;
    expect(listed[0]).toMatchObject({ id: escalation.id, note: 'Follow up tomorrow 10:00' });
  });

  it('lists open escalations first, by severity then age', async () => {
    const carol = await clinician('carol');
    const { conversationId: other } = await server.assign('bob', 'sam');
    const bob = await server.connectAs({ role: 'mentee', sub: 'bob' });
    await say(alice, 'I feel hopeless'); // elevated: no escalation on its own
    await ok(sam, 'escalation:raise', { conversationId }); // high
    await ok(bob, 'message:send', { conversationId: other, clientMessageId: 'b1', body: 'I just took 30 pills' }); // imminent
    const { escalations } = await ok(carol, 'escalation:list', {});
    expect(escalations.map((e: Escalation) => [e.conversationId, e.severity])).toEqual([
      [other, 'imminent'],
      [conversationId, 'high'],
    ]);
  });
});

describe('nobody reachable', () => {
  let hook: Server;
  let received: Array<{ body: any; at: number }>;
  let hookUrl: string;
  beforeEach(async () => {
    received = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/alerts`;
  });
  afterEach(() => new Promise<void>((r) => hook.close(() => r())));

  it('within 5 s the webhook gets the escalation without message bodies, online admins are told, and the mentee has resources', async () => {
    await setPolicy({ tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60 }], repeats: 1, realertSec: 900, webhookUrl: hookUrl });
    const offDuty = await clinician('carol', false);
    const ada = await server.connectAs({ role: 'admin', sub: 'ada' });
    const unrouted = waitFor(ada, 'escalation:unrouted').then((e) => ({ ...e, at: Date.now() }));
    const resources = waitFor(alice, 'safety:resources');
    const sentAt = Date.now();
    await say(alice, 'ik wil dood, niemand kan me helpen');
    await resources;
    const { escalation, at: adminsToldAt } = await unrouted;
    await eventually(() => received.length > 0);
    expect(received).toHaveLength(1);
    // What this test measures: both notices within 5 s of the message.
    expect(adminsToldAt - sentAt).toBeLessThan(5000);
    expect(received[0]!.at - sentAt).toBeLessThan(5000);
    expect(received[0]!.body).toMatchObject({ event: 'escalation.unrouted', escalation: { id: escalation.id, severity: 'high', conversationId } });
    expect(JSON.stringify(received[0]!.body)).not.toContain('ik wil dood');
    expect(offDuty.connected).toBe(true);

    const audit = await server.http(`/api/audit?conversationId=${conversationId}`, { token: admin() });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['escalation.opened', 'webhook.called']));
  });
});

describe('HTTP', () => {
  it('POST /api/safety/assess lets clinicians try a phrase; others are refused', async () => {
    const res = await server.http('/api/safety/assess', { method: 'POST', token: server.token({ role: 'clinician', sub: 'carol' }), body: { text: 'I want to k1ll myself' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ level: 'high', categories: ['suicide'], version: expect.any(String), modelVersion: expect.stringMatching(/^model-/) });
    // Each match says which layer raised it.
    expect(res.body.matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.kill-self', layer: 'situation', level: 'high' }));
    const forbidden = await server.http('/api/safety/assess', { method: 'POST', token: server.token({ role: 'mentee', sub: 'alice' }), body: { text: 'x' } });
    expect(forbidden.status).toBe(403);
  });

  it('PUT /api/escalation-policy validates, and is for admins only', async () => {
    const bad = await server.http('/api/escalation-policy', { method: 'PUT', token: admin(), body: { tiers: [], repeats: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const notAdmin = await server.http('/api/escalation-policy', { method: 'PUT', token: server.token({ role: 'clinician', sub: 'carol' }), body: { tiers: [{ name: 'x', target: 'on-call' }] } });
    expect(notAdmin.status).toBe(403);
    await setPolicy({ tiers: [{ name: 'On call', target: 'on-call' }] });
    const read = await server.http('/api/escalation-policy', { token: admin() });
    expect(read.body.policy).toEqual({ tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60 }], repeats: 2, realertSec: 900 });
  });
});

// The timing rules (each tier's timeout, repeats, re-alerts, nobody connected, leases) are
// test/unit/escalation-steps.test.ts's, on a fake clock. Over sockets, in real time, once: an
// unacknowledged escalation reaches tier 2, and the audit trail shows every step.
describe('tier 2 and the audit trail', () => {
  it('no acknowledgement within tier 1’s timeout → tier 2 is alerted; the audit records every step: opened, alerted, escalated, acknowledged, joined, resolved', async () => {
    await setPolicy({ tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 1 }, { name: 'Backup', target: 'users', userIds: ['backup'], ackTimeoutSec: 60 }], repeats: 0, realertSec: 900 });
    const carol = await clinician('carol');
    const backup = await clinician('backup', false);
    const first = waitFor(carol, 'escalation:alerted', (e) => e.escalation.tier === 1);
    const second = waitFor(backup, 'escalation:alerted', (e) => e.escalation.tier === 2);
    await say(alice, 'I want to die');
    const opened = (await first).escalation;
    const { escalation } = await second;
    expect(escalation).toMatchObject({ id: opened.id, tier: 2, round: 0, status: 'open' });
    await ok(backup, 'escalation:ack', { escalationId: escalation.id });
    await ok(backup, 'escalation:join', { escalationId: escalation.id });
    await ok(backup, 'escalation:resolve', { escalationId: escalation.id, outcome: 'ok' });
    const audit = await server.http(`/api/audit?conversationId=${conversationId}`, { token: admin() });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'escalation.opened',
      'escalation.alerted',
      'escalation.escalated',
      'escalation.acknowledged',
      'escalation.joined',
      'escalation.resolved',
    ]);
  });
});
