import { z } from 'zod';
import { SpanType } from '../../schemas/llm-fields';
import { GroupField } from '../../schemas/metrics-view';
import { checkRange, InstantParam } from '../time-range';

// GroupField belongs to the response contract too; the query keeps exporting it for its callers.
export { GroupField };

export const MAX_SERIES = 100;
export const MAX_POINTS = 1440;
const MAX_STEP_S = 31 * 86_400;
/** Steps tried, smallest first, when none is given: the first that keeps a series under AUTO_POINTS. */
const AUTO_STEPS_S = [60, 300, 900, 3600, 21_600, 86_400];
const AUTO_POINTS = 300;
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds, or a number with a unit: `30s`, `5m`, `1h`, `1d`. */
const Step = z
  .string()
  .regex(/^\d{1,7}[smhd]?$/, 'step is seconds or a duration such as 30s, 5m, 1h, 1d')
  .transform((text) => {
    const unit = /[smhd]$/.test(text) ? text.slice(-1) : 's';
    return Number.parseInt(text, 10) * (UNIT_S[unit] ?? 1);
  })
  .pipe(z.number().int().min(1, 'step must be at least 1s').max(MAX_STEP_S, 'step may be at most 31d'));

/** A comma-separated list (repeated parameters arrive joined). */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) => [...new Set(text.split(',').filter((s) => s !== ''))])
    .pipe(z.array(item));

const Text = (max: number) => z.string().min(1).max(max);

/** `GET /metrics`: time series over [from, to) in buckets of `step` seconds aligned to `from`. */
export const MetricsQuery = z
  .object({
    from: InstantParam,
    to: InstantParam,
    step: Step.optional(),
    groupBy: list(GroupField).optional(),
    service: Text(256).optional(),
    spanName: Text(1024).optional(),
    /** Request or response model. */
    model: Text(256).optional(),
    provider: Text(256).optional(),
    promptKey: Text(256).optional(),
    promptVersion: Text(256).optional(),
    spanType: list(SpanType).optional(),
  })
  .superRefine(checkRange)
  .transform((q, ctx) => {
    const rangeS = (q.to - q.from) / 1000;
    const stepSeconds = q.step ?? AUTO_STEPS_S.find((s) => rangeS / s <= AUTO_POINTS) ?? 86_400;
    const points = Math.ceil(rangeS / stepSeconds);
    if (points > MAX_POINTS)
      ctx.addIssue({
        code: 'custom',
        path: ['step'],
        message: `a step of ${stepSeconds}s gives ${points} points per series; at most ${MAX_POINTS}: use a larger step`,
      });
    return { ...q, stepSeconds, groupBy: q.groupBy ?? [] };
  });
export type MetricsQuery = z.output<typeof MetricsQuery>;
