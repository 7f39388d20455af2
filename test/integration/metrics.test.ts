import { afterEach, describe, expect, it } from 'vitest';
import { startMongo, uniqueDb } from '../support/mongo.js';
import { ok, startServer, waitFor, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

const metricsText = async (s: TestServer, token?: string) => {
  const res = await fetch(`${s.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('GET /metrics', () => {
  it('serves Prometheus text to loopback clients: sockets, commands by outcome, ack latency, messages, escalations, the queue and the process', async () => {
    server = await startServer({ ESCALATION_TICK_MS: '100' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(carol, 'oncall:set', { onCall: true });
    const alerted = waitFor(carol, 'escalation:alerted');
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: 'hello' });
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'm2', body: 'I want to kill myself' });
    const { escalation } = await alerted;
    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    await ok(alice, 'support:request', { topic: 'x' });

    const { status, type, text } = await metricsText(server);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(text).toMatch(/^chat_connected_sockets 2$/m);
    expect(text).toMatch(/^chat_commands_total\{command="message:send",outcome="ok"\} 2$/m);
    expect(text).toMatch(/^chat_messages_stored_total 2$/m);
    expect(text).toMatch(/^chat_ack_seconds_count\{command="message:send"\} 2$/m);
    expect(text).toMatch(/^chat_escalation_events_total\{event="opened"\} 1$/m);
    expect(text).toMatch(/^chat_escalation_events_total\{event="acknowledged"\} 1$/m);
    expect(text).toMatch(/^chat_escalation_time_to_ack_seconds_count 1$/m);
    expect(text).toMatch(/^chat_support_queue_length 1$/m);
    expect(text).toMatch(/^chat_nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^chat_process_cpu_user_seconds_total /m);
    // Never a message body.
    expect(text).not.toContain('kill myself');
  });

  it('with MongoDB, times every store call by repository, operation and outcome', async () => {
    const mongo = await startMongo();
    try {
      server = await startServer({ MONGODB_URI: mongo.uri(uniqueDb('metrics')), MONGODB_TIMEOUT_MS: '500' });
      const { conversationId } = await server.assign('alice', 'sam');
      const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
      await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: 'hello' });
      await ok(alice, 'message:send', { conversationId, clientMessageId: 'm2', body: 'hello again' });
      const { text } = await metricsText(server);
      // Each send appends once.
      expect(text).toMatch(/^chat_store_call_seconds_count\{repository="messages",operation="append",outcome="ok"\} 2$/m);
      expect(text).toMatch(/^chat_store_call_seconds_bucket\{le="0\.1",repository="messages",operation="append",outcome="ok"\} \d+$/m);

      // A store that stops answering: the calls that time out are counted apart. (A real mongod at
      // MONGODB_URI cannot be paused from here: this half needs the wire test server.)
      if (!mongo.wire) return;
      mongo.wire.pause();
      const refused = await alice.timeout(5000).emitWithAck('message:send', { conversationId, clientMessageId: 'm3', body: 'are you there' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      mongo.wire.resume();
      expect((await metricsText(server)).text).toMatch(/^chat_store_call_seconds_count\{repository="[a-zA-Z]+",operation="[a-zA-Z]+",outcome="error"\} [1-9]\d*$/m);
    } finally {
      await mongo.close();
    }
  });

  it('with METRICS_TOKEN set, requires it as a bearer token', async () => {
    const token = 'metrics-token-0123456789';
    server = await startServer({ METRICS_TOKEN: token });
    expect((await metricsText(server)).status).toBe(401);
    expect((await metricsText(server, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await metricsText(server, token)).status).toBe(200);
  });
});
