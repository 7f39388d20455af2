import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditRecord } from '../audit/audit-log.js';
import type { Store } from '../store/store.js';
import { CommandMetrics } from './command-metrics.js';
import type { ChatServer } from './socket-types.js';

/**
 * The node's metrics in Prometheus text format (GET /metrics): process and event-loop defaults,
 * sockets, commands by name and outcome with acknowledgement latency, store call latency, messages stored, escalations
 * opened, acknowledged and unrouted with the time to acknowledge, and the support queue.
 */
export class Metrics {
  readonly registry = new Registry();
  /** chat_commands_total and chat_ack_seconds: counted on every command, so tallied without prom-client's label hashing. */
  private readonly commands = new CommandMetrics(
    this.registry,
    { name: 'chat_ack_seconds', help: 'From receiving a command to writing its acknowledgement', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] },
    { name: 'chat_commands_total', help: 'Commands answered, by name and outcome (ok or the error code)' },
  );
  private readonly storeSeconds = new Histogram({
    name: 'chat_store_call_seconds',
    help: 'MongoDB call latency, by repository, operation and outcome',
    labelNames: ['repository', 'operation', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [this.registry],
  });
  private readonly messages = new Counter({ name: 'chat_messages_stored_total', help: 'Messages stored and delivered', registers: [this.registry] });
  private readonly escalations = new Counter({ name: 'chat_escalation_events_total', help: 'Escalations opened, acknowledged, resolved, unrouted', labelNames: ['event'], registers: [this.registry] });
  private readonly timeToAck = new Histogram({
    name: 'chat_escalation_time_to_ack_seconds',
    help: 'From an escalation opening to a clinician acknowledging it',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });

  constructor(deps: { io: ChatServer; store: Store }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'chat_' });
    new Gauge({ name: 'chat_connected_sockets', help: 'Sockets connected to this node', registers: [this.registry], collect() {
      this.set(deps.io.of('/').sockets.size);
    } });
    new Gauge({ name: 'chat_support_queue_length', help: 'Open support requests (waiting or offered)', registers: [this.registry], async collect() {
      this.set((await deps.store.requests.listOpen().catch(() => [])).length);
    } });
    new Gauge({ name: 'chat_support_queue_oldest_wait_seconds', help: 'How long the longest-waiting open request has waited', registers: [this.registry], async collect() {
      const open = await deps.store.requests.listOpen().catch(() => []);
      this.set(open.length === 0 ? 0 : (Date.now() - Math.min(...open.map((r) => r.createdAtMs))) / 1000);
    } });
  }

  commandDone(command: string, outcome: string, seconds: number, stored: boolean): void {
    this.commands.done(command, outcome, seconds);
    if (stored) this.messages.inc();
  }

  /** A store call finished (see store/observed-store.ts). An arrow, to be handed over as the observer. */
  readonly storeCall = (repository: string, operation: string, seconds: number, failed: boolean): void => {
    this.storeSeconds.observe({ repository, operation, outcome: failed ? 'error' : 'ok' }, seconds);
  };

  /** Every audit entry passes here: escalation events are counted from the log's own record of them. */
  audited(entry: AuditRecord): void {
    const event = ESCALATION_EVENTS[entry.action];
    if (event) this.escalations.inc({ event });
    const waited = entry.details?.waitedMs;
    if (entry.action === 'escalation.acknowledged' && typeof waited === 'number') this.timeToAck.observe(waited / 1000);
  }
}

const ESCALATION_EVENTS: Record<string, string> = {
  'escalation.opened': 'opened',
  'escalation.acknowledged': 'acknowledged',
  'escalation.resolved': 'resolved',
  'escalation.unrouted': 'unrouted',
  'webhook.called': 'unrouted',
};
