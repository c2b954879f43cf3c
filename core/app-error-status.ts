import type { AppErrorKind } from './app-error';

/** gRPC status codes used by Spanloop (grpc/status codes). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** The one place where an AppError kind becomes an HTTP status and a gRPC code. */
export const statusOf: Record<AppErrorKind, { http: number; grpc: number }> = {
  invalid_argument: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  not_found: { http: 404, grpc: GrpcCode.NOT_FOUND },
  conflict: { http: 409, grpc: GrpcCode.ALREADY_EXISTS },
  unsupported_media_type: { http: 415, grpc: GrpcCode.INVALID_ARGUMENT },
  too_large: { http: 413, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  insufficient_storage: { http: 507, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  unavailable: { http: 503, grpc: GrpcCode.UNAVAILABLE },
  unauthenticated: { http: 401, grpc: GrpcCode.UNAUTHENTICATED },
  permission_denied: { http: 403, grpc: GrpcCode.PERMISSION_DENIED },
  rate_limited: { http: 429, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  unimplemented: { http: 404, grpc: GrpcCode.UNIMPLEMENTED },
  internal: { http: 500, grpc: GrpcCode.INTERNAL },
};
