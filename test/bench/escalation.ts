/**
 * Time from a risky `message:send` on node 1 to `escalation:alerted` at an on-call clinician on
 * node 2, while ordinary chat runs on both nodes. Two real server processes, a real redis-server,
 * and the MongoDB the tests use (MONGODB_URI, or the wire-protocol test server in this process).
 */
import { startCluster, type Cluster } from '../support/cluster.js';
import { ok, type TestSocket } from '../support/server.js';

export interface EscalationBenchResult {
  escalations: number;
  p50: number;
  p99: number;
  chatMessages: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function benchEscalation(options: { escalations: number; concurrency: number; chatPairs: number; chatRatePerSec: number }): Promise<EscalationBenchResult> {
  const cluster: Cluster = await startCluster({ env: { MESSAGE_RATE_PER_SEC: '0', COMMAND_POINTS_PER_MINUTE: '0', MAX_CONNECTIONS_PER_ADDRESS: '0', HANDSHAKES_PER_MINUTE_PER_ADDRESS: '0', MONGODB_TIMEOUT_MS: '5000' } });
  const [n1, n2] = cluster.nodes;
  try {
    const clinician = await cluster.connect(n2!, { role: 'clinician', sub: 'bench-clinician' });
    await ok(clinician, 'oncall:set', { onCall: true });
    const alertedAt = new Map<string, number>();
    clinician.on('escalation:alerted', ({ escalation }) => {
      if (!alertedAt.has(escalation.conversationId)) alertedAt.set(escalation.conversationId, performance.now());
    });

    // Ordinary chat on both nodes, paced.
    const chat: Array<{ sender: TestSocket; conversationId: string }> = [];
    for (let i = 0; i < options.chatPairs; i++) {
      const conversationId = await cluster.assign(`chat-mentee-${i}`, `chat-specialist-${i}`);
      const sender = await cluster.connect(i % 2 ? n1! : n2!, { role: 'specialist', sub: `chat-specialist-${i}` });
      await cluster.connect(i % 2 ? n2! : n1!, { role: 'mentee', sub: `chat-mentee-${i}` }).then((s) => ok(s, 'conversation:join', { conversationId }));
      chat.push({ sender, conversationId });
    }
    let chatMessages = 0;
    let next = 0;
    const inFlight = new Set<Promise<unknown>>();
    const chatTimer = setInterval(() => {
      for (let k = 0; k < options.chatRatePerSec / 20; k++) {
        const pair = chat[next++ % chat.length]!;
        const sending = ok(pair.sender, 'message:send', { conversationId: pair.conversationId, clientMessageId: crypto.randomUUID(), body: 'How did the meeting go today?' }).then(
          () => chatMessages++,
          () => {},
        );
        inFlight.add(sending);
        void sending.finally(() => inFlight.delete(sending));
      }
    }, 50);

    // The mentees whose messages escalate, each in a conversation of their own.
    const mentees: Array<{ socket: TestSocket; conversationId: string }> = [];
    for (let i = 0; i < options.escalations; i++) {
      const conversationId = await cluster.assign(`risk-mentee-${i}`, `risk-specialist-${i}`);
      mentees.push({ socket: await cluster.connect(n1!, { role: 'mentee', sub: `risk-mentee-${i}` }), conversationId });
    }
    const latencies: number[] = [];
    let cursor = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (cursor < mentees.length) {
          const { socket, conversationId } = mentees[cursor++]!;
          const sentAt = performance.now();
          await ok(socket, 'message:send', { conversationId, clientMessageId: crypto.randomUUID(), body: 'I want to kill myself' });
          const deadline = sentAt + 10_000;
          while (!alertedAt.has(conversationId) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
          latencies.push((alertedAt.get(conversationId) ?? Infinity) - sentAt);
        }
      }),
    );
    clearInterval(chatTimer);
    await Promise.all(inFlight);
    latencies.sort((a, b) => a - b);
    return { escalations: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), chatMessages };
  } finally {
    await cluster.close();
  }
}
