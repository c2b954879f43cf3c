import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { JaegerSearch } from './jaeger-params';
import type { JaegerDependencyLink, JaegerTrace } from './jaeger-model';
import { toJaegerTraces } from './jaeger-model';
import { dependenciesSql, operationsSql, searchTracesSql, servicesSql, traceSpansSql } from './jaeger-sql';
import { DependencyRow, JaegerSpanRow, OperationRow, ServiceRow, TraceIdRow } from './jaeger-span-row';

/** A stored operation: span name and stored kind (`Server`, `Client`, …). */
export interface StoredOperation {
  name: string;
  kind: string;
}

/** What the Jaeger API reads from the span table; every query is bound to one workspace. */
export interface JaegerReader {
  services(): Promise<string[]>;
  operations(service: string, kind?: string): Promise<StoredOperation[]>;
  /** Matching trace ids, newest match first. */
  findTraceIds(search: JaegerSearch): Promise<string[]>;
  /** The traces that exist among `traceIds`, keyed by id. */
  traces(traceIds: readonly string[]): Promise<Map<string, JaegerTrace>>;
  dependencies(fromMs: number, toMs: number): Promise<JaegerDependencyLink[]>;
}

export const createJaegerReader = (
  executor: Pick<ClickHouseExecutor, 'query'>,
  workspaceId: string,
): JaegerReader => ({
  async services() {
    const rows = await executor.query(servicesSql, { workspaceId });
    return rows.map((r) => ServiceRow.parse(r).ServiceName);
  },
  async operations(service, kind) {
    const rows = await executor.query(operationsSql(kind !== undefined), {
      workspaceId,
      service,
      ...(kind === undefined ? {} : { spanKind: kind }),
    });
    return rows.map((r) => OperationRow.parse(r)).map((r) => ({ name: r.SpanName, kind: r.SpanKind }));
  },
  async findTraceIds(search) {
    const query = searchTracesSql(workspaceId, search);
    const rows = await executor.query(query.sql, query.params);
    return rows.map((r) => TraceIdRow.parse(r).TraceId);
  },
  async traces(traceIds) {
    if (traceIds.length === 0) return new Map();
    const rows = await executor.query(traceSpansSql, { workspaceId, traceIds: [...traceIds] });
    return toJaegerTraces(rows.map((r) => JaegerSpanRow.parse(r)));
  },
  async dependencies(fromMs, toMs) {
    const rows = await executor.query(dependenciesSql, { workspaceId, fromMs, toMs });
    return rows
      .map((r) => DependencyRow.parse(r))
      .map((r) => ({ parent: r.Parent, child: r.Child, callCount: r.CallCount }));
  },
});
