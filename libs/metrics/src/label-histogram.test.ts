import { describe, expect, it } from 'vitest';
import { LabelHistogram } from './label-histogram.js';
import { registry } from './metric.js';

describe('LabelHistogram', () => {
  it('prints cumulative buckets, sum and count per label set in the default registry', async () => {
    const histogram = LabelHistogram.registered({
      name: 'test_label_histogram_seconds',
      help: 'a test histogram',
      labelNames: ['route', 'code'],
      buckets: [0.1, 1],
    });
    expect(histogram.observe('a', 0.05)).toBe(false);
    histogram.define('a', ['/a', '200']);
    expect(histogram.observe('a', 0.05)).toBe(true);
    histogram.observe('a', 0.5);
    histogram.observe('a', 7);
    const text = await registry.getSingleMetricAsString('test_label_histogram_seconds');
    expect(text.split('\n')).toEqual([
      '# HELP test_label_histogram_seconds a test histogram',
      '# TYPE test_label_histogram_seconds histogram',
      'test_label_histogram_seconds_bucket{route="/a",code="200",le="0.1"} 1',
      'test_label_histogram_seconds_bucket{route="/a",code="200",le="1"} 2',
      'test_label_histogram_seconds_bucket{route="/a",code="200",le="+Inf"} 3',
      'test_label_histogram_seconds_sum{route="/a",code="200"} 7.55',
      'test_label_histogram_seconds_count{route="/a",code="200"} 3',
    ]);
  });

  it('is made once per name: a second registration returns the first', () => {
    const options = { name: 'test_label_histogram_once', help: 'h', labelNames: [], buckets: [1] };
    expect(LabelHistogram.registered(options)).toBe(LabelHistogram.registered(options));
  });

  it('forgets its series on reset', () => {
    const histogram = new LabelHistogram({ name: 'x', help: 'h', labelNames: ['a'], buckets: [1] });
    histogram.define('k', ['v']);
    expect(histogram.size).toBe(1);
    histogram.reset();
    expect(histogram.observe('k', 1)).toBe(false);
  });
});
