import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startHookServer, startSmtp } from '../support/outbound.js';
import { ok, startServer, waitFor, type TestServer } from '../support/server.js';
import { eventually } from '../support/wait.js';

let server: TestServer | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const close of closers.splice(0)) await close();
});

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const admin = () => server!.token({ role: 'admin', sub: 'ada' });
const clinicianToken = (sub: string) => server!.token({ role: 'clinician', sub });

describe('on-call shifts and contacts over HTTP', () => {
  it('admins plan shifts; staff read them; who is on call now and next', async () => {
    server = await startServer();
    const created = await server.http('/api/oncall/shifts', { method: 'POST', token: admin(), body: { userId: 'carol', from: hours(-1), to: hours(8) } });
    expect(created.status).toBe(201);
    expect(created.body.shift).toMatchObject({ userId: 'carol', createdBy: 'ada' });
    const next = await server.http('/api/oncall/shifts', { method: 'POST', token: admin(), body: { userId: 'dora', from: hours(8), to: hours(16) } });
    // Overlapping shifts are allowed (a backup).
    expect((await server.http('/api/oncall/shifts', { method: 'POST', token: admin(), body: { userId: 'erik', from: hours(0), to: hours(2) } })).status).toBe(201);

    // Carol has signed in once: her shift carries her name.
    (await server.connectAs({ role: 'clinician', sub: 'carol', name: 'Carol Jansen' })).disconnect();
    const listed = await server.http('/api/oncall/shifts', { token: clinicianToken('carol') });
    expect(listed.body.shifts.map((s: { userId: string }) => s.userId)).toEqual(['carol', 'erik', 'dora']);
    expect(listed.body.shifts.map((s: { name?: string }) => s.name)).toEqual(['Carol Jansen', undefined, undefined]);
    const now = await server.http('/api/oncall/now', { token: clinicianToken('carol') });
    expect(now.body.now.map((e: { userId: string }) => e.userId).sort()).toEqual(['carol', 'erik']);
    expect(now.body.next.map((s: { userId: string }) => s.userId)).toEqual(['dora']);

    expect((await server.http(`/api/oncall/shifts/${next.body.shift.id}`, { method: 'DELETE', token: clinicianToken('carol') })).body.error.code).toBe('FORBIDDEN');
    expect((await server.http(`/api/oncall/shifts/${next.body.shift.id}`, { method: 'DELETE', token: admin() })).status).toBe(200);
    expect((await server.http(`/api/oncall/shifts/${next.body.shift.id}`, { method: 'DELETE', token: admin() })).body.error.code).toBe('NOT_FOUND');
    expect((await server.http('/api/oncall/shifts', { token: server.token({ role: 'mentee', sub: 'alice' }) })).body.error.code).toBe('FORBIDDEN');
  });

  it('refuses malformed shifts with VALIDATION_FAILED', async () => {
    server = await startServer();
    const post = (body: unknown) => server!.http('/api/oncall/shifts', { method: 'POST', token: admin(), body });
    for (const body of [
      { userId: 'carol', from: hours(2), to: hours(1) }, // ends before it starts
      { userId: 'carol', from: hours(0), to: hours(24 * 8) }, // over 7 days
      { userId: 'carol', from: 'tomorrow', to: hours(1) },
      { userId: 'carol', from: hours(0), to: hours(1), tier: 'No such tier' },
      { userId: 'carol', from: hours(0), to: hours(1), extra: true },
    ]) {
      expect((await post(body)).body.error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    expect((await server.http('/api/oncall/shifts', { method: 'POST', token: clinicianToken('carol'), body: { userId: 'carol', from: hours(0), to: hours(1) } })).body.error.code).toBe('FORBIDDEN');
  });

  it('a clinician keeps their own e-mail contact; anything but an address is refused', async () => {
    server = await startServer();
    const token = clinicianToken('carol');
    expect((await server.http('/api/clinicians/me/contact', { token })).body).toEqual({ contact: {} });
    expect((await server.http('/api/clinicians/me/contact', { method: 'PUT', token, body: { email: 'carol@example.org' } })).body).toEqual({ contact: { email: 'carol@example.org' } });
    expect((await server.http('/api/clinicians/me/contact', { token })).body).toEqual({ contact: { email: 'carol@example.org' } });
    expect((await server.http('/api/clinicians/me/contact', { method: 'PUT', token, body: { email: 'not an address' } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await server.http('/api/clinicians/me/contact', { method: 'PUT', token: server.token({ role: 'mentee', sub: 'alice' }), body: {} })).body.error.code).toBe('FORBIDDEN');
    // The address never reaches the audit log.
    const audit = await server.http('/api/audit?action=contact.updated', { token: admin() });
    expect(JSON.stringify(audit.body)).not.toContain('carol@example.org');
  });

  it('refuses a notify block with unknown fields, negative times or a pagerduty hook without its key', async () => {
    server = await startServer();
    const put = (notify: unknown) => server!.http('/api/escalation-policy', { method: 'PUT', token: admin(), body: { tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60, notify }] } });
    expect((await put({ afterSec: -1, email: true })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put({ afterSec: 30, sms: true })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put({ webhook: { url: 'https://events.pagerduty.com/v2/enqueue', format: 'pagerduty' } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put({ webhook: { url: 'http://127.0.0.1:9/hook' } })).body.error.code).toBe('VALIDATION_FAILED'); // private address
    expect((await put({ afterSec: 30, email: true, webhook: { url: 'https://events.pagerduty.com/v2/enqueue', format: 'pagerduty', routingKey: 'k' } })).status).toBe(200);
  });

  it('a PUBLIC_URL that is not an absolute http(s) URL stops the server at start', () => {
    for (const bad of ['chat.example.org', '/relative', 'ftp://chat.example.org']) {
      expect(() => loadConfig({ PORT: '0', PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
    expect(loadConfig({ PORT: '3000' }).publicUrl).toBe('http://localhost:3000');
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
  });
});

describe('out of band, for real: SMTP and a pager over HTTP', () => {
  it('e-mails the clinician on shift with no socket and pages PagerDuty; acknowledging in the app stops the pager', async () => {
    const smtp = await startSmtp();
    const pager = await startHookServer();
    closers.push(smtp.close, pager.close);
    server = await startServer({ SMTP_URL: smtp.url, MAIL_FROM: 'alerts@example.org', PUBLIC_URL: 'https://chat.example.org', ESCALATION_TICK_MS: '100', WEBHOOK_ALLOW_PRIVATE: 'true' });
    const policy = { tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 120, notify: { afterSec: 0, email: true, webhook: { url: pager.url, format: 'pagerduty', routingKey: 'routing-key-1' } } }] };
    expect((await server.http('/api/escalation-policy', { method: 'PUT', token: admin(), body: policy })).status).toBe(200);
    await server.http('/api/oncall/shifts', { method: 'POST', token: admin(), body: { userId: 'carol', from: hours(-1), to: hours(8) } });
    await server.http('/api/clinicians/me/contact', { method: 'PUT', token: clinicianToken('carol'), body: { email: 'carol@example.org' } });

    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'c1', body: 'I have the pills counted out and I am taking them all tonight' });

    await eventually(() => smtp.mails.length === 1 && pager.calls.length === 1, 10_000);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['carol@example.org']);
    expect(mail.from).toBe('alerts@example.org');
    expect(mail.raw).toMatch(/https:\/\/chat\.example\.org\/escalations\/[0-9a-f-]+/);
    for (const secret of ['pills', 'tonight', 'Alice', 'Sam']) expect(mail.raw).not.toContain(secret);
    const trigger = pager.calls[0]!.body;
    expect(trigger).toMatchObject({ routing_key: 'routing-key-1', event_action: 'trigger', payload: { severity: 'critical', source: 'chat.example.org' } });
    expect(JSON.stringify(trigger)).not.toContain('pills');

    // Carol opens the app and acknowledges: the pager hears acknowledge, then resolve.
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    const { escalations } = await ok(carol, 'escalation:list', {});
    await ok(carol, 'escalation:ack', { escalationId: escalations[0]!.id });
    await eventually(() => pager.calls.length === 2, 10_000);
    await ok(carol, 'escalation:resolve', { escalationId: escalations[0]!.id, outcome: 'Called her; safe with her sister' });
    await eventually(() => pager.calls.length === 3, 10_000);
    expect(pager.calls.map((c) => c.body.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(new Set(pager.calls.map((c) => c.body.dedup_key))).toEqual(new Set([trigger.dedup_key]));
    // One e-mail for the step, however many ticks passed.
    expect(smtp.mails).toHaveLength(1);
  });

  it('with SMTP down: retried and audited, and the escalation itself is unaffected', async () => {
    const smtp = await startSmtp();
    closers.push(async () => smtp.stop().catch(() => {}));
    await smtp.stop();
    server = await startServer({ SMTP_URL: smtp.url, ESCALATION_TICK_MS: '100' });
    await server.http('/api/escalation-policy', { method: 'PUT', token: admin(), body: { tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 120, notify: { afterSec: 0, email: true } }] } });
    await server.http('/api/clinicians/me/contact', { method: 'PUT', token: clinicianToken('carol'), body: { email: 'carol@example.org' } });
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(carol, 'oncall:set', { onCall: true });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const alerted = waitFor(carol, 'escalation:alerted');
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'c1', body: 'I have the pills counted out and I am taking them all tonight' });
    // The socket alert does not wait for e-mail.
    await alerted;
    await eventually(async () => (await server!.http('/api/audit?action=notification.retrying', { token: admin() })).body.entries.length >= 1, 10_000);
    const entry = (await server.http('/api/audit?action=notification.retrying', { token: admin() })).body.entries[0];
    expect(entry.details).toMatchObject({ channel: 'email', recipientId: 'carol', attempts: 1 });
    expect(JSON.stringify(entry)).not.toContain('carol@example.org');
    // SMTP back: the retry goes out once.
    await smtp.start();
    await eventually(() => smtp.mails.length === 1, 15_000);
  }, 30_000);
});
