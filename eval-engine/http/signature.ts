import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix seconds when the request was signed. */
export const TIMESTAMP_HEADER = 'x-spanloop-timestamp';
/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the evaluator's secret>`. */
export const SIGNATURE_HEADER = 'x-spanloop-signature';

/**
 * The signature of one request body: HMAC-SHA256 over `<timestamp>.<body>`, so a captured request cannot be
 * replayed with another timestamp. A service checks it with `verifySignature` (or its own 5 lines) and rejects
 * timestamps older than a few minutes.
 */
export const signBody = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** Whether a signature header matches the body and timestamp, in constant time. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
