import { describe, expect, it } from 'vitest';
import { formatExposition } from './exposition';
import { createMetricsRegistry } from './registry';

describe('metrics registry', () => {
  it('exposes counters by label, gauges read at scrape time and cumulative histograms', async () => {
    const metrics = createMetricsRegistry();
    const rejected = metrics.counter('spanloop_spans_rejected_total', 'Spans refused');
    rejected.inc({ reason: 'invalid_trace_id' }, 2);
    rejected.inc({ reason: 'invalid_trace_id' });
    rejected.inc({ reason: 'end_before_start' });
    let depth = 7;
    metrics.gauge('spanloop_queue_spans', 'Spans waiting', () => depth);
    metrics.gauge('spanloop_broken', 'Fails to read', () => Promise.reject(new Error('down')));
    const latency = metrics.histogram('spanloop_insert_seconds', 'Insert latency', [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(3);
    depth = 9;
    const text = formatExposition(await metrics.collect());
    expect(text).toContain('spanloop_spans_rejected_total{reason="invalid_trace_id"} 3');
    expect(text).toContain('spanloop_spans_rejected_total{reason="end_before_start"} 1');
    expect(text).toContain('spanloop_queue_spans 9');
    expect(text).not.toContain('spanloop_broken');
    expect(text).toContain('spanloop_insert_seconds_bucket{le="0.1"} 1');
    expect(text).toContain('spanloop_insert_seconds_bucket{le="1"} 2');
    expect(text).toContain('spanloop_insert_seconds_bucket{le="+Inf"} 3');
    expect(text).toContain('spanloop_insert_seconds_sum 3.55');
    expect(text).toContain('spanloop_insert_seconds_count 3');
    expect(text).toContain('# TYPE spanloop_insert_seconds histogram');
  });
});
