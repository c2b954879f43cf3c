// How numbers, times and durations read in the console.

/** Nanosecond text (exact beyond 2^53) as milliseconds, precise enough for display. */
export const nsToMs = (ns: string): number => Number(BigInt(ns) / 1000n) / 1000;

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s % 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export const formatDurationNs = (ns: string): string => formatDurationMs(nsToMs(ns));

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return `$${usd.toFixed(10).replace(/0+$/, '')}`;
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export const formatTime = (ms: number): string => timeFormat.format(new Date(ms));
export const formatTimeNs = (ns: string): string => formatTime(nsToMs(ns));

export const formatDate = (iso: string | null): string => (iso === null ? '–' : formatTime(Date.parse(iso)));

/** JSON text pretty-printed when it parses, else returned as is. */
export function prettyJson(text: string): { pretty: string; isJson: boolean } {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return { pretty: text, isJson: false };
  try {
    return { pretty: JSON.stringify(JSON.parse(trimmed), null, 2), isJson: true };
  } catch {
    return { pretty: text, isJson: false };
  }
}
