export type {
  Sandbox,
  SandboxFailureKind,
  SandboxJob,
  SandboxLimits,
  SandboxOutcome,
  SandboxRuntime,
} from './types';
export { createProcessSandbox, type ProcessPoolDeps } from './process-pool';
export { sandboxMetrics, type SandboxMetrics } from './sandbox-metrics';
