export { INTERNAL_ATTRIBUTE, isInternalResource, PLUGIN_ATTRIBUTE, WORKSPACE_ATTRIBUTE } from './attributes';
export { createLoopbackExporter, type DeliverOtlp, type LoopbackExporterOptions } from './loopback-exporter';
export { createSelfTelemetry, type SelfTelemetry, type SelfTelemetryOptions } from './self-tracer';
export { workspaceInheritance } from './workspace-inheritance';
