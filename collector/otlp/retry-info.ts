import { ProtoWriter } from '../../core/protobuf/proto-writer';
import type { ProtoAny } from './encode-response';

/** google.rpc.RetryInfo { retry_delay: google.protobuf.Duration { seconds } } packed as an Any. */
export function retryInfoDetail(seconds: number): ProtoAny {
  const value = new ProtoWriter()
    .messageField(1, (d) => d.varintField(1, Math.max(0, Math.round(seconds))))
    .finish();
  return { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value };
}
