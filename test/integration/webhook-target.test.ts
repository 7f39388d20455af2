import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../server/infra/webhook.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

const policyWith = (webhookUrl: string) => ({ tiers: [{ name: 'On call', target: 'on-call' }], webhookUrl });

describe('the escalation webhook cannot be pointed into the server’s own network', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/hook',
    'http://192.168.1.10/hook',
    'http://[::1]/hook',
    'http://[fe80::1]/hook',
    'http://printer.local/hook',
  ])('refuses %s with VALIDATION_FAILED unless WEBHOOK_ALLOW_PRIVATE=true', async (url) => {
    server = await startServer();
    const admin = server.token({ role: 'admin', sub: 'ada' });
    const refused = await server.http('/api/escalation-policy', { method: 'PUT', token: admin, body: policyWith(url) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [expect.objectContaining({ path: 'webhookUrl' })] } });
    await server.close();
    server = await startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const allowed = await server.http('/api/escalation-policy', { method: 'PUT', token: server.token({ role: 'admin', sub: 'ada' }), body: policyWith(url) });
    expect(allowed.status).toBe(200);
  });

  it('accepts a public https address, and requires https in production', async () => {
    server = await startServer();
    const admin = server.token({ role: 'admin', sub: 'ada' });
    expect((await server.http('/api/escalation-policy', { method: 'PUT', token: admin, body: policyWith('https://events.pagerduty.com/v2/enqueue') })).status).toBe(200);
    await server.close();
    server = await startServer({ NODE_ENV: 'production' });
    const prodAdmin = server.token({ role: 'admin', sub: 'ada' });
    const plain = await server.http('/api/escalation-policy', { method: 'PUT', token: prodAdmin, body: policyWith('http://pager.example.org/hook') });
    expect(plain.status).toBe(400);
  });

  it('a name that resolves to a loopback address at sending time is not called', async () => {
    let hits = 0;
    const local = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const { port } = local.address() as AddressInfo;
    try {
      const send = createWebhookSender(pino({ level: 'silent' }), { allowPrivate: false, requireHttps: false });
      expect(await send(`http://localhost:${port}/hook`, { event: 'x' })).toBe(0);
      expect(hits).toBe(0);
      const allowed = createWebhookSender(pino({ level: 'silent' }), { allowPrivate: true, requireHttps: false });
      expect(await allowed(`http://localhost:${port}/hook`, { event: 'x' })).toBe(200);
      expect(hits).toBe(1);
    } finally {
      local.close();
    }
  });
});
