import type { SelfTelemetry } from '../../core/self-telemetry/self-tracer';
import type { PluginStatus } from '../../schemas/plugin-view';
import type { Plugin, PluginContext } from '../sdk/plugin';
import type { FailurePoint } from './plugin-metrics';

/** One plugin as the host holds it. */
export interface PluginRecord {
  readonly plugin: Plugin;
  /** `builtin`, or the package name or path it was loaded from. */
  readonly source: string;
  readonly ctx: PluginContext;
  readonly telemetry: SelfTelemetry;
  status: PluginStatus;
  error?: string;
  /** False when its name is taken: nothing of it is mounted. */
  mountable: boolean;
  /** Whether `start` was called, so `stop` is owed. */
  startCalled: boolean;
  /** `METHOD /path` of the root routes it serves. */
  rootPaths: string[];
}

/** Marks a plugin failed (its routes answer 503), counts and logs it; the host carries on. */
export type FailPlugin = (record: PluginRecord, where: FailurePoint, error: unknown) => void;
