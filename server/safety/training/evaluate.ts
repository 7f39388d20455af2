import { rank } from '../detection/categories.js';
import type { RiskAssessor } from '../risk-assessor.js';
import type { Example } from './corpus.js';

export interface Rate {
  hits: number;
  total: number;
  rate: number;
  /** 95% Wilson score interval. */
  low: number;
  high: number;
}

export function wilson(hits: number, total: number, z = 1.96): Rate {
  if (total === 0) return { hits, total, rate: 0, low: 0, high: 0 };
  const p = hits / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return { hits, total, rate: p, low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

export interface Evaluation {
  /** Crisis recognised at high or imminent, per language and category, and overall per language. */
  recall: Record<string, Rate>;
  /** Benign messages raised to high or imminent, per kind of trap and overall. */
  falseAlarms: Record<string, Rate>;
  /** Distress noticed at elevated or above, per language and overall. */
  distressNoticed: Record<string, Rate>;
  /** Milliseconds per assessment, over five passes. */
  timing: { p50: number; p99: number; max: number };
  missed: Example[];
  alarms: Example[];
}

function tally(into: Map<string, [number, number]>, key: string, hit: boolean) {
  const [h, t] = into.get(key) ?? [0, 0];
  into.set(key, [h + (hit ? 1 : 0), t + 1]);
}
const rates = (m: Map<string, [number, number]>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, [h, t]]) => [k, wilson(h, t)]));

/** Runs every example through the assessor, as the server would, and counts. */
export function evaluate(assessor: RiskAssessor, examples: readonly Example[]): Evaluation {
  const recall = new Map<string, [number, number]>();
  const falseAlarms = new Map<string, [number, number]>();
  const distress = new Map<string, [number, number]>();
  const times: number[] = [];
  const missed: Example[] = [];
  const alarms: Example[] = [];
  // Time: five passes over the split, so a collection pause weighs as often as it happens, not once per run.
  for (let pass = 0; pass < 5; pass++) {
    for (const e of examples) {
      const started = performance.now();
      assessor.assess(e.text);
      times.push(performance.now() - started);
    }
  }
  for (const e of examples) {
    const { level } = assessor.assess(e.text);
    const severe = rank(level) >= rank('high');
    if (e.label === 'crisis') {
      tally(recall, `${e.lang} ${e.category}`, severe);
      tally(recall, `${e.lang} all`, severe);
      if (!severe) missed.push(e);
    } else if (e.label === 'benign') {
      tally(falseAlarms, `${e.lang} ${e.kind}`, severe);
      tally(falseAlarms, `${e.lang} all`, severe);
      if (severe) alarms.push(e);
    } else {
      const noticed = rank(level) >= rank('elevated');
      tally(distress, e.lang, noticed);
      tally(distress, 'all', noticed);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { recall: rates(recall), falseAlarms: rates(falseAlarms), distressNoticed: rates(distress), timing: { p50: at(0.5), p99: at(0.99), max: times.at(-1) ?? 0 }, missed, alarms };
}

const pct = (r: Rate) => `${(r.rate * 100).toFixed(1)}% (${r.hits}/${r.total}, 95% CI ${(r.low * 100).toFixed(1)}–${(r.high * 100).toFixed(1)})`;

/** The evaluation as Markdown tables, for the terminal and the README. */
export function report(name: string, e: Evaluation): string {
  const lines = [`### ${name}`, '', '| crisis recognised (high or imminent) | recall |', '| --- | --- |'];
  for (const [k, r] of Object.entries(e.recall)) lines.push(`| ${k} | ${pct(r)} |`);
  lines.push('', '| benign raised to high or imminent | rate |', '| --- | --- |');
  for (const [k, r] of Object.entries(e.falseAlarms)) lines.push(`| ${k} | ${pct(r)} |`);
  lines.push('', '| distress noticed (elevated or above) | rate |', '| --- | --- |');
  for (const [k, r] of Object.entries(e.distressNoticed)) lines.push(`| ${k} | ${pct(r)} |`);
  lines.push('', `Assessment time: p50 ${(e.timing.p50 * 1000).toFixed(0)} µs, p99 ${(e.timing.p99 * 1000).toFixed(0)} µs, max ${e.timing.max.toFixed(2)} ms.`);
  return lines.join('\n');
}
