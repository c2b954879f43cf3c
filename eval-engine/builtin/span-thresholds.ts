import { z } from 'zod';
import type { StoredSpan } from '../../schemas/stored-span';
import { EvaluatorFailure } from '../failure';
import type { EvaluatorInput } from '../types';
import { check, defineBuiltin } from './definition';

const judgedSpan = (input: EvaluatorInput): StoredSpan => {
  if (input.span === undefined)
    throw new EvaluatorFailure('missing_input', 'this evaluator judges a span: run it on a span or trace');
  return input.span;
};

const Scope = z.enum(['span', 'trace']).default('span').describe('the judged span alone, or its whole trace');

export const latencyThreshold = defineBuiltin({
  name: 'latency_threshold',
  description: 'The judged span (or its trace, first start to last end) took at most `maxMs` milliseconds.',
  params: z.object({ maxMs: z.number().positive(), scope: Scope }),
  evaluate(p, input) {
    const span = judgedSpan(input);
    let ns: number;
    if (p.scope === 'span' || input.trace === undefined || input.trace.length === 0)
      ns = Number(span.durationNs);
    else {
      const starts = input.trace.map((s) => BigInt(s.startTimeUnixNano));
      const ends = input.trace.map((s) => BigInt(s.endTimeUnixNano));
      const min = starts.reduce((a, b) => (b < a ? b : a));
      const max = ends.reduce((a, b) => (b > a ? b : a));
      ns = Number(max - min);
    }
    const ms = ns / 1e6;
    return check(ms <= p.maxMs, `took ${ms.toFixed(1)} ms (limit ${p.maxMs} ms)`);
  },
});

export const costThreshold = defineBuiltin({
  name: 'cost_threshold',
  description: 'The judged span (or the sum over its trace) cost at most `maxUsd` US dollars.',
  params: z.object({ maxUsd: z.number().nonnegative(), scope: Scope }),
  evaluate(p, input) {
    const span = judgedSpan(input);
    const spans =
      p.scope === 'trace' && input.trace !== undefined && input.trace.length > 0 ? input.trace : [span];
    const usd = spans.reduce((sum, s) => sum + s.llm.totalCost, 0);
    return check(usd <= p.maxUsd, `cost $${usd.toFixed(6)} (limit $${p.maxUsd})`);
  },
});
