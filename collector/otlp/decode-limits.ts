import { AppError } from '../../core/app-error';

/** What one request may hold; past it the request is refused whole, before its spans are materialised. */
export interface DecodeLimits {
  maxSpans?: number;
}

/** 413 / RESOURCE_EXHAUSTED without RetryInfo: OTLP exporters do not retry it, since it could never fit. */
export const tooManySpans = (max: number): AppError =>
  new AppError('too_large', `the request holds more than ${max} spans; export smaller batches`);
