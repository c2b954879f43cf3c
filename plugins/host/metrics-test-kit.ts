// Test support: read a counter or gauge sample back from a metrics registry.
import type { MetricsRegistry } from '../../core/metrics/registry';

/** The value of `name` whose labels include `labels`, summed; 0 when none. */
export async function sampleOf(
  registry: MetricsRegistry,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const family = (await registry.collect()).find((f) => f.name === name);
  return (family?.samples ?? [])
    .filter((s) =>
      Object.entries(labels).every(([k, v]) => s.labels.some(([lk, lv]) => lk === k && lv === v)),
    )
    .reduce((sum, s) => sum + s.value, 0);
}
