export { decodeProtobufExportRequest } from './decode-protobuf';
export { decodeJsonExportRequest } from './decode-json';
export {
  MAX_ERROR_MESSAGE_BYTES,
  capMessage,
  encodeExportResponse,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatus,
  encodeStatusJson,
  encodeStatusProtobuf,
  statusOfError,
} from './encode-response';
export type { ExportPartialSuccess, ProtoAny, ResponseFormat, RpcStatus } from './encode-response';
export { inflateWithLimit, readBodyWithLimit } from './gzip-limit';
export type { ContentCoding } from './gzip-limit';
