import { registry } from './metric.js';

/** One sample line as prom-client's registry prints it. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Series {
  labels: Record<string, string>;
  /** Count per bucket (not cumulative); the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export interface LabelHistogramOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  buckets: readonly number[];
}

/**
 * A histogram for the hot path: one series per label set, found by a caller-made key in a Map
 * and updated with two additions and a bucket scan; no object, closure or label hash per
 * observation (prom-client's own histogram makes all three). Registered in the default registry
 * with prom-client's histogram output, so GET /metrics and cluster aggregation treat it as one.
 */
export class LabelHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames: readonly string[];
  private readonly bounds: readonly number[];
  private series = new Map<string, Series>();

  constructor(options: LabelHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = [...options.buckets].sort((a, b) => a - b);
  }

  /** The histogram of this name in the default registry, made and registered on first use. */
  static registered(options: LabelHistogramOptions): LabelHistogram {
    const existing = registry.getSingleMetric(options.name) as unknown;
    if (existing instanceof LabelHistogram) return existing;
    const made = new LabelHistogram(options);
    registry.registerMetric(made as never);
    return made;
  }

  /**
   * Adds one observation to the series of `key` (any string the caller builds from the label
   * values) and returns true; false, adding nothing, when that series is not defined yet.
   */
  observe(key: string, seconds: number): boolean {
    const series = this.series.get(key);
    if (series === undefined) return false;
    const bounds = this.bounds;
    let slot = 0;
    while (slot < bounds.length && seconds > (bounds[slot] as number)) slot++;
    series.buckets[slot] = (series.buckets[slot] as number) + 1;
    series.sum += seconds;
    series.count++;
    return true;
  }

  /** Defines the series of `key` with its label values, in labelNames order. */
  define(key: string, values: readonly string[]): void {
    if (this.series.has(key)) return;
    const labels: Record<string, string> = {};
    for (let i = 0; i < this.labelNames.length; i++) labels[this.labelNames[i] as string] = values[i] ?? '';
    this.series.set(key, { labels, buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 });
  }

  /** The number of label sets seen (tests; a bound on cardinality). */
  get size(): number {
    return this.series.size;
  }

  reset(): void {
    this.series = new Map();
  }

  get(): { name: string; help: string; type: string; values: Sample[]; aggregator: string } {
    const values: Sample[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += series.buckets[i] as number;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...series.labels, le: this.bounds[i] as number },
          value: cumulative,
        });
      }
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { ...series.labels, le: '+Inf' },
        value: series.count,
      });
      values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
