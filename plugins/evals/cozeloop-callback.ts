import type { Logger } from '../../core/logger';
import type { PluginContext } from '../sdk/index';
import { outputOut } from './cozeloop-convert';
import type { EvaluatorRecord } from './rows';

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;

/** Cozeloop's `EvaluatorCallbackPayloadOApi`: what an async_run's `callback_url` receives once the run finished. */
export const callbackPayload = (r: EvaluatorRecord) => ({
  // The same id on every retry of one delivery, so the receiver can drop repeats.
  cid: `evaluator-record-${r.id}`,
  invoke_id: r.invokeId ?? r.id,
  workspace_id: r.workspaceId,
  ...(r.evaluatorVersionId === null ? {} : { evaluator_version_id: r.evaluatorVersionId }),
  status: r.status === 'success' ? 'success' : 'fail',
  ...(r.status === 'success' && r.output !== null ? { output: outputOut(r.output, r.correction) } : {}),
  time_consuming_ms: String(Math.round(r.output?.durationMs ?? 0)),
});

/**
 * POSTs the payload to the record's callback URL through the egress policy: up to 3 attempts (1 s, then 2 s
 * apart) until a 2xx; a URL that stays unreachable is logged and given up.
 */
export const deliverCallback =
  (egress: PluginContext['egress'], logger: Logger, backoffMs = 1_000) =>
  async (record: EvaluatorRecord): Promise<void> => {
    if (record.callbackUrl === null) return;
    const body = JSON.stringify(callbackPayload(record));
    let last = '';
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      try {
        const res = await egress.fetch(record.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.body?.cancel();
        if (res.ok) return;
        last = `HTTP ${res.status}`;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      }
    }
    logger.warn('evaluator callback not delivered', { record: record.id, error: last });
  };
