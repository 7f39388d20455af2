import { Counter, type Metric, type Registry } from 'prom-client';

/** One command's numbers since the start: acknowledgement times per bucket, and outcomes not yet handed to the counter. */
interface CommandStats {
  readonly command: string;
  /** Observations per bucket (not cumulative); the last slot holds those above every bound. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
  readonly outcomes: Map<string, OutcomeCount>;
}

interface OutcomeCount {
  readonly command: string;
  readonly outcome: string;
  pending: number;
}

/**
 * `chat_commands_total` (by command and outcome) and the `chat_ack_seconds` histogram (by command),
 * tallied in plain numbers on every command and read out when /metrics is scraped. prom-client
 * builds a label string and looks it up on every observation, which cost more than all the rest
 * of a message's bookkeeping; what /metrics shows is the same, in prom-client's own format.
 */
export class CommandMetrics {
  private readonly stats = new Map<string, CommandStats>();
  /** Every (command, outcome) in the order first seen, as the counter would list them. */
  private readonly outcomeOrder: OutcomeCount[] = [];

  constructor(
    registry: Registry,
    private readonly histogram: { name: string; help: string; buckets: readonly number[] },
    counter: { name: string; help: string },
  ) {
    const outcomeOrder = this.outcomeOrder;
    new Counter({
      ...counter,
      labelNames: ['command', 'outcome'],
      registers: [registry],
      // The counts wait here until someone reads them.
      collect() {
        for (const o of outcomeOrder) {
          if (o.pending === 0) continue;
          this.inc({ command: o.command, outcome: o.outcome }, o.pending);
          o.pending = 0;
        }
      },
    });
    registry.registerMetric(new TalliedHistogram(histogram.name, histogram.help, histogram.buckets, this.stats, () => this.reset()) as unknown as Metric);
  }

  done(command: string, outcome: string, seconds: number): void {
    let stats = this.stats.get(command);
    if (!stats) {
      stats = { command, buckets: new Float64Array(this.histogram.buckets.length + 1), sum: 0, count: 0, outcomes: new Map() };
      this.stats.set(command, stats);
    }
    let counted = stats.outcomes.get(outcome);
    if (!counted) {
      counted = { command, outcome, pending: 0 };
      stats.outcomes.set(outcome, counted);
      this.outcomeOrder.push(counted);
    }
    counted.pending++;
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    const bounds = this.histogram.buckets;
    let b = 0;
    while (b < bounds.length && seconds > bounds[b]!) b++;
    stats.buckets[b]!++;
    stats.sum += seconds;
    stats.count++;
  }

  /** As prom-client's reset of both metrics. */
  private reset(): void {
    this.stats.clear();
    this.outcomeOrder.length = 0;
  }
}

/** What the registry reads of a histogram, written out as prom-client's Histogram writes it. */
class TalliedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
    private readonly stats: ReadonlyMap<string, CommandStats>,
    readonly reset: () => void,
  ) {}

  async getForPromString() {
    const values: Array<{ labels: Record<string, string | number>; sharedLabels: { command: string }; value: number; metricName: string; exemplar: null | undefined }> = [];
    for (const s of this.stats.values()) {
      const sharedLabels = { command: s.command };
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: `${this.name}_bucket`, exemplar: null });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels, value: s.count, metricName: `${this.name}_bucket`, exemplar: null },
        { labels: {}, sharedLabels, value: s.sum, metricName: `${this.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels, value: s.count, metricName: `${this.name}_count`, exemplar: undefined },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  async get() {
    const metric = await this.getForPromString();
    return {
      ...metric,
      values: metric.values.map(({ labels, sharedLabels, ...value }) => ({ ...value, labels: { ...labels, ...sharedLabels } })),
    };
  }
}
