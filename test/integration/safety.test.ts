import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RiskModel } from '../../server/safety/detection/model.js';
import { call, connectSocket, flush, ok, recordEvents, sentMessage, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';
import { eventually } from '../support/wait.js';

let server: TestServer;
let alice: TestSocket; // mentee
let sam: TestSocket; // her peer specialist
let conversationId: string;
const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

async function clinician(sub: string) {
  const socket = await server.connectAs({ role: 'clinician', sub });
  await ok(socket, 'oncall:set', { onCall: true });
  return socket;
}

beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0', ESCALATION_TICK_MS: '100' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice', name: 'Alice Jansen' });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
  await ok(alice, 'conversation:join', { conversationId });
});
afterEach(() => server.close());

const say = (socket: TestSocket, body: string) => ok(socket, 'message:send', { conversationId, clientMessageId: crypto.randomUUID(), body });

/** An on-call clinician, and the escalation Alice's message opens, as alerted to them. */
async function escalationFrom(body: string) {
  const carol = await clinician('carol');
  const alerted = waitFor(carol, 'escalation:alerted');
  await say(alice, body);
  return { carol, escalation: (await alerted).escalation };
}

describe('quiet risk flags', () => {
  it('an elevated message reaches the peer specialist as risk:flagged and a mark in their list, never the mentee, and is audited', async () => {
    const aliceEvents = recordEvents(alice);
    const flagged = waitFor(sam, 'risk:flagged');
    const message = sentMessage(await say(alice, 'I feel so hopeless, nothing matters anymore'));
    expect(await flagged).toEqual({ conversationId, messageId: message.id, level: 'elevated', categories: ['distress'] });

    const forSam = (await ok(sam, 'conversation:list', {})).conversations.find((c) => c.id === conversationId);
    expect(forSam?.riskFlag).toMatchObject({ messageId: message.id, level: 'elevated' });
    const forAlice = (await ok(alice, 'conversation:list', {})).conversations.find((c) => c.id === conversationId);
    expect(forAlice?.riskFlag).toBeUndefined();
    await flush(alice);
    expect(aliceEvents.map((e) => e.event)).not.toContain('risk:flagged');
    // A flag is not a page: no escalation.
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    expect((await ok(carol, 'escalation:list', {})).escalations).toEqual([]);

    const audit = await server.http(`/api/audit?conversationId=${conversationId}`, { token: server.token({ role: 'clinician', sub: 'carol' }) });
    const entry = audit.body.entries.find((e: { action: string }) => e.action === 'risk.flagged');
    expect(entry).toMatchObject({ actorId: 'system', targetMessageId: message.id, details: { level: 'elevated', rulesVersion: expect.any(String), modelVersion: expect.any(String) } });
    expect(JSON.stringify(audit.body)).not.toContain('hopeless');
  });

  it("the specialist's own messages are never assessed", async () => {
    const samEvents = recordEvents(sam);
    await say(sam, 'some people feel hopeless and want to die; we talk about it here');
    await flush(sam);
    expect(samEvents.map((e) => e.event)).not.toContain('risk:flagged');
  });
});

describe('the conversation window', () => {
  it('messages read together raise the open escalation: pills saved up, later "tonight"', async () => {
    // Rules only (a model that knows nothing), so the classifier's view of each message alone does not decide it.
    await server.close();
    const modelFile = join(mkdtempSync(join(tmpdir(), 'risk-model-')), 'untrained.bin');
    writeFileSync(modelFile, RiskModel.untrained().toBuffer());
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0', ESCALATION_TICK_MS: '100', RISK_MODEL_FILE: modelFile });
    ({ conversationId } = await server.assign('alice', 'sam'));
    alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const { carol, escalation } = await escalationFrom('ik heb al weken pillen gespaard');
    expect(escalation).toMatchObject({ severity: 'high', source: 'auto', rulesVersion: expect.any(String), modelVersion: 'untrained' });
    const raised = waitFor(carol, 'escalation:updated', (e) => e.escalation.severity === 'imminent');
    await say(alice, 'vannacht');
    expect((await raised).escalation.id).toBe(escalation.id);
  });
});

describe('safety:flag', () => {
  it('a specialist flags a message the detector missed: an escalation opens like a manual raise, and the example is recorded', async () => {
    const carol = await clinician('carol');
    const missed = sentMessage(await say(alice, 'I will be fine by tomorrow, Alice Jansen always is'));
    const alerted = waitFor(carol, 'escalation:alerted');
    const result = await ok(sam, 'safety:flag', { messageId: missed.id, level: 'imminent', note: 'Said goodbye to her group' });
    expect(result.escalation).toMatchObject({ conversationId, severity: 'imminent', source: 'manual', raisedBy: 'sam' });
    expect((await alerted).escalation.id).toBe(result.escalation!.id);

    const exported = await server.http('/api/safety/examples', { token: server.token({ role: 'admin', sub: 'ada' }) });
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ text: 'I will be fine by tomorrow, [name] always is', level: 'imminent', source: 'flag', note: 'Said goodbye to her group', rulesVersion: expect.any(String), modelVersion: expect.any(String) }),
    ]);
    const raw = JSON.stringify(lines);
    for (const identifying of ['alice', 'Alice Jansen', 'sam', 'Sam']) expect(raw).not.toContain(identifying);
  });

  it('at elevated it is a quiet flag, with no escalation', async () => {
    const message = sentMessage(await say(alice, 'just a normal day'));
    const flagged = waitFor(sam, 'risk:flagged');
    expect(await ok(sam, 'safety:flag', { messageId: message.id, level: 'elevated' })).toEqual({});
    expect(await flagged).toMatchObject({ messageId: message.id, level: 'elevated' });
  });

  it('is refused to mentees, to people outside the conversation, for one\'s own message, and for unknown messages', async () => {
    const message = sentMessage(await say(alice, 'hello'));
    const own = sentMessage(await say(sam, 'hi'));
    const outsider = await server.connectAs({ role: 'specialist', sub: 'kim' });
    expect(await call(alice, 'safety:flag', { messageId: own.id, level: 'high' })).toEqual(refused('FORBIDDEN'));
    expect(await call(outsider, 'safety:flag', { messageId: message.id, level: 'high' })).toEqual(refused('FORBIDDEN'));
    expect(await call(sam, 'safety:flag', { messageId: own.id, level: 'high' })).toEqual(refused('VALIDATION_FAILED'));
    expect(await call(sam, 'safety:flag', { messageId: 'nope', level: 'high' })).toEqual(refused('NOT_FOUND'));
    expect(await call(sam, 'safety:flag', { messageId: message.id, level: 'none' as never })).toEqual(refused('VALIDATION_FAILED'));
  });
});

describe('false alarms', () => {
  it('a clinician resolving an escalation as a false alarm turns its message into a training example; only admins export them', async () => {
    const { carol, escalation } = await escalationFrom('I want to kill myself');
    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    const resolved = await ok(carol, 'escalation:resolve', { escalationId: escalation.id, outcome: 'Talked it through', falseAlarm: true });
    expect(resolved.escalation).toMatchObject({ status: 'resolved', falseAlarm: true });

    const exported = await server.http('/api/safety/examples', { token: server.token({ role: 'admin', sub: 'ada' }) });
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ text: 'I want to kill myself', level: 'none', source: 'false-alarm', categories: ['suicide'] })]);
    expect(JSON.stringify(lines)).not.toContain('alice');

    for (const role of ['clinician', 'specialist', 'mentee'] as const) {
      const res = await server.http('/api/safety/examples', { token: server.token({ role, sub: `x-${role}` }) });
      expect(res.status).toBe(403);
    }
  });
});

describe('one open escalation per mentee', () => {
  it('cycling a crisis request and its cancellation pages the on-call clinician once, and later signals raise that one escalation', async () => {
    const carol = await clinician('carol');
    const alerts: string[] = [];
    carol.on('escalation:alerted', (e) => alerts.push(e.escalation.id));
    const guestRes = await server.http('/api/guest', { method: 'POST', body: {} });
    const guest = await connectSocket(server.url, guestRes.body.token);
    // Three rounds stay within a guest's command allowance (rate-limit.test.ts shows what happens past it).
    for (let i = 0; i < 3; i++) {
      const { request } = await ok(guest, 'support:request', { topic: 'crisis', note: 'ik wil niet meer leven' });
      await ok(guest, 'support:cancel', { requestId: request.id });
    }
    await ok(guest, 'support:request', { topic: 'crisis', note: 'I took 30 pills an hour ago' });
    const open = await eventuallyList(carol, (list) => list.length === 1 && list[0]!.severity === 'imminent');
    expect(open).toHaveLength(1);
    expect(new Set(alerts)).toEqual(new Set([open[0]!.id]));

    guest.disconnect();
  });

  it('a crisis in a request attaches to the escalation already open about the same mentee in her 1:1 conversation', async () => {
    const { carol, escalation } = await escalationFrom('I want to kill myself');
    await ok(alice, 'support:request', { topic: 'crisis', note: 'I took 30 pills an hour ago' });
    const open = await eventuallyList(carol, (list) => list.length === 1 && list[0]!.severity === 'imminent');
    expect(open.map((e) => e.id)).toEqual([escalation.id]);
    const raisedBySam = await ok(sam, 'escalation:raise', { conversationId, reason: 'worried' });
    expect(raisedBySam.escalation.id).toBe(escalation.id);
  });
});

async function eventuallyList(socket: TestSocket, done: (list: Array<{ id: string; severity: string }>) => boolean) {
  let list: Array<{ id: string; severity: string }> = [];
  await eventually(async () => {
    list = (await ok(socket, 'escalation:list', { status: 'open' })).escalations;
    return done(list);
  });
  return list;
}

describe('the audit log under a flood', () => {
  it('pages with nextBefore, filters by action, and shows a run of attaches to one escalation as one entry', async () => {
    const { escalation } = await escalationFrom('I want to kill myself');
    for (let i = 0; i < 30; i++) await say(alice, `I want to die ${i}`);
    const token = server.token({ role: 'admin', sub: 'ada' });
    const all = await server.http(`/api/audit?conversationId=${conversationId}`, { token });
    const attached = all.body.entries.filter((e: { action: string }) => e.action === 'escalation.attached');
    expect(attached).toEqual([expect.objectContaining({ details: expect.objectContaining({ escalationId: escalation.id, repeated: 29 }) })]);

    const page = await server.http(`/api/audit?conversationId=${conversationId}&limit=5`, { token });
    expect(page.body.nextBefore).toEqual(expect.any(String));
    const older = await server.http(`/api/audit?conversationId=${conversationId}&limit=5&before=${page.body.nextBefore}`, { token });
    expect(older.status).toBe(200);
    expect(older.body.entries.at(-1).id < page.body.entries[0].id).toBe(true);

    const opened = await server.http(`/api/audit?conversationId=${conversationId}&action=escalation.opened`, { token });
    expect(opened.body.entries.map((e: { action: string }) => e.action)).toEqual(['escalation.opened']);
    const bad = await server.http(`/api/audit?from=yesterday`, { token });
    expect(bad.status).toBe(400);
  });
});
