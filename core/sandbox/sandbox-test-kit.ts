// Test support: a real process sandbox with roomy queues, for suites that only need jobs to run.
import { silentLogger } from '../logger';
import { createProcessSandbox } from './process-pool';
import type { Sandbox, SandboxLimits } from './types';

export const TEST_SANDBOX_LIMITS: SandboxLimits = {
  processes: 2,
  memoryMb: 64,
  timeoutMs: 2000,
  workspaceConcurrency: 2,
  workspaceQueue: 64,
  queue: 256,
};

export const openTestSandbox = (limits: Partial<SandboxLimits> = {}): Sandbox =>
  createProcessSandbox({ ...TEST_SANDBOX_LIMITS, ...limits }, { logger: silentLogger });
