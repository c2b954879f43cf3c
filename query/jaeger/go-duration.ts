const NS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const CALENDAR_UNITS: Record<string, number> = { ...NS_PER_UNIT, d: 86_400e9, w: 7 * 86_400e9 };

const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/;

/**
 * Parses a Go duration string ("100ms", "1.5s", "1h30m") into nanoseconds; undefined when malformed or negative.
 * `calendar` also accepts `d` and `w`, which the Jaeger UI uses for lookbacks but Go does not.
 */
export const parseGoDuration = (text: string, calendar = false): number | undefined => {
  const units = calendar ? CALENDAR_UNITS : NS_PER_UNIT;
  let rest = text.startsWith('+') ? text.slice(1) : text;
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const match = PART.exec(rest);
    const unit = match?.[2];
    const scale = unit === undefined ? undefined : units[unit];
    if (match === null || scale === undefined) return undefined;
    total += Number(match[1]) * scale;
    rest = rest.slice(match[0].length);
  }
  // Past 2^53 ns (about 104 days) a duration is no longer an exact Int64 for the query.
  return Number.isSafeInteger(Math.round(total)) ? Math.round(total) : undefined;
};
