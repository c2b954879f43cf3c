import { AppError } from '../../core/app-error';
import { err, ok, type Result } from '../../core/result';

const HEX_ID = /^[0-9a-fA-F]{1,32}$/;

/** A trace id as Grafana passes it (1–32 hex characters, any case; 64-bit Jaeger/Zipkin ids too), left-padded. */
export function normalizeTraceId(text: string): Result<string> {
  if (!HEX_ID.test(text))
    return err(new AppError('invalid_argument', 'trace id must be 1 to 32 hex characters'));
  return ok(text.toLowerCase().padStart(32, '0'));
}
