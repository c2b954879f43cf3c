import type { MetricFamily, Sample } from './exposition';

type Labels = Readonly<Record<string, string>>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

export interface Histogram {
  observe(value: number): void;
}

/** A role's operational metrics (ingest rate, queue depth, insert latency, lag…), collected on each scrape. */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  /** A value read at scrape time; a read that fails leaves the gauge out of that scrape. */
  gauge(name: string, help: string, read: () => number | Promise<readonly Sample[]>): void;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  collect(): Promise<MetricFamily[]>;
}

const labelKey = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort());

export function createMetricsRegistry(): MetricsRegistry {
  const collectors: (() => Promise<MetricFamily | undefined>)[] = [];
  return {
    counter(name, help) {
      const values = new Map<string, { labels: Labels; value: number }>();
      collectors.push(() =>
        Promise.resolve({
          name,
          help,
          type: 'counter',
          samples: [...values.values()].map((v) => ({ labels: Object.entries(v.labels), value: v.value })),
        }),
      );
      return {
        inc(labels = {}, by = 1) {
          const key = labelKey(labels);
          const entry = values.get(key);
          if (entry) entry.value += by;
          else values.set(key, { labels, value: by });
        },
      };
    },
    gauge(name, help, read) {
      collectors.push(async () => {
        try {
          const value = await read();
          return {
            name,
            help,
            type: 'gauge',
            samples: typeof value === 'number' ? [{ labels: [], value }] : value,
          };
        } catch {
          return undefined;
        }
      });
    },
    histogram(name, help, buckets) {
      const counts = buckets.map(() => 0);
      let sum = 0;
      let count = 0;
      collectors.push(() =>
        Promise.resolve({
          name,
          help,
          type: 'histogram',
          samples: [
            ...buckets.map((le, i) => ({
              labels: [['le', String(le)] as const],
              value: counts[i] ?? 0,
              suffix: '_bucket' as const,
            })),
            { labels: [['le', '+Inf'] as const], value: count, suffix: '_bucket' as const },
            { labels: [], value: sum, suffix: '_sum' as const },
            { labels: [], value: count, suffix: '_count' as const },
          ],
        }),
      );
      return {
        observe(value) {
          sum += value;
          count++;
          buckets.forEach((le, i) => {
            if (value <= le) counts[i] = (counts[i] ?? 0) + 1;
          });
        },
      };
    },
    async collect() {
      const families = await Promise.all(collectors.map((c) => c()));
      return families.filter((f): f is MetricFamily => f !== undefined);
    },
  };
}
