// Relative time presets and absolute ranges, as they appear in the URL (`range=1h`, or `from`/`to` in ms).

export interface Preset {
  id: string;
  label: string;
  ms: number;
}

export const PRESETS: readonly Preset[] = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

export const DEFAULT_PRESET = '24h';

export interface TimeRange {
  /** A preset id, or 'custom' for the from/to pair. */
  preset: string;
  from: number;
  to: number;
  /** Relative ranges move with the clock; only they can be live. */
  relative: boolean;
}

/** The range a URL query names, resolved against `now`; anything unknown falls back to the default preset. */
export function rangeOf(query: URLSearchParams, now: number, fallback = DEFAULT_PRESET): TimeRange {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (
    query.get('range') === 'custom' &&
    Number.isFinite(from) &&
    Number.isFinite(to) &&
    to > from &&
    from > 0
  )
    return { preset: 'custom', from, to, relative: false };
  const preset = PRESETS.find((p) => p.id === query.get('range')) ?? PRESETS.find((p) => p.id === fallback);
  const ms = preset?.ms ?? 86_400_000;
  // One minute past now: spans from clocks slightly ahead still show up.
  return { preset: preset?.id ?? fallback, from: now - ms, to: now + 60_000, relative: true };
}

/** `datetime-local` input text for epoch milliseconds in the local time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const fromLocalInput = (text: string): number => new Date(text).getTime();
