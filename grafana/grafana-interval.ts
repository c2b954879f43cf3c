const units: readonly (readonly [number, string])[] = [
  [365 * 86_400_000, 'y'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
  [1, 'ms'],
];

/** Grafana's gtime.FormatInterval, the text of `$__interval`: the largest whole unit, e.g. 90 000 ms → `1m`. */
export const formatInterval = (ms: number): string => {
  for (const [size, suffix] of units) if (ms >= size) return `${Math.floor(ms / size)}${suffix}`;
  return '1ms';
};
