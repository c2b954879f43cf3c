import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_ATTRIBUTE } from './attributes';
import { createSelfTelemetry } from './self-tracer';

interface Delivery {
  workspace: string;
  bytes: Buffer;
}

function recorder(fail: ReadonlySet<string> = new Set()) {
  const deliveries: Delivery[] = [];
  const errors: [string, number][] = [];
  const telemetry = createSelfTelemetry({
    scope: 'test',
    defaultWorkspaceId: 'default',
    resource: { 'spanloop.plugin': 'tester' },
    delayMs: 50,
    deliver: (workspace, request) => {
      if (fail.has(workspace)) return Promise.reject(new Error(`no workspace ${workspace}`));
      deliveries.push({ workspace, bytes: Buffer.from(request) });
      return Promise.resolve();
    },
    onError: (_e, workspace, spans) => errors.push([workspace, spans]),
  });
  const names = (workspace: string) =>
    deliveries.filter((d) => d.workspace === workspace).map((d) => d.bytes.toString('latin1'));
  return { telemetry, deliveries, errors, names };
}

describe('self-telemetry', () => {
  it('delivers one OTLP request per workspace, children inheriting their root’s workspace', async () => {
    const { telemetry, deliveries, names } = recorder();
    const { tracer } = telemetry;
    const root = tracer.startSpan('root-a', { attributes: { [WORKSPACE_ATTRIBUTE]: 'ws-a' } });
    const child = tracer.startSpan('child-a', {}, trace.setSpan(context.active(), root));
    const grandchild = tracer.startSpan('grandchild-a', {}, trace.setSpan(context.active(), child));
    grandchild.end();
    child.end();
    const other = tracer.startSpan('root-b', { attributes: { [WORKSPACE_ATTRIBUTE]: 'ws-b' } });
    other.end();
    tracer.startSpan('no-workspace').end();
    await telemetry.flush();
    root.end();
    await telemetry.flush();
    expect(new Set(deliveries.map((d) => d.workspace))).toEqual(new Set(['ws-a', 'ws-b', 'default']));
    const a = names('ws-a').join('|');
    for (const name of ['root-a', 'child-a', 'grandchild-a']) expect(a).toContain(name);
    expect(a).not.toContain('root-b');
    expect(names('ws-b').join('|')).toContain('root-b');
    expect(names('default').join('|')).toContain('no-workspace');
    // The resource travels with every request: service.name=spanloop and the internal marker.
    for (const d of deliveries) {
      const text = d.bytes.toString('latin1');
      expect(text).toContain('spanloop.internal');
      expect(text).toContain('spanloop.plugin');
      expect(text).toContain('tester');
    }
    await telemetry.shutdown();
  });

  it('exports on its own within the batch delay, without a flush', async () => {
    const { telemetry, deliveries } = recorder();
    telemetry.tracer.startSpan('timed').end();
    const started = Date.now();
    while (deliveries.length === 0 && Date.now() - started < 2000)
      await new Promise((r) => setTimeout(r, 10));
    expect(deliveries).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
    await telemetry.shutdown();
  });

  it('reports a failed delivery and keeps delivering the other workspaces', async () => {
    const { telemetry, deliveries, errors } = recorder(new Set(['gone']));
    telemetry.tracer.startSpan('lost', { attributes: { [WORKSPACE_ATTRIBUTE]: 'gone' } }).end();
    telemetry.tracer.startSpan('kept', { attributes: { [WORKSPACE_ATTRIBUTE]: 'ws-a' } }).end();
    await telemetry.flush();
    expect(errors).toEqual([['gone', 1]]);
    expect(deliveries.map((d) => d.workspace)).toEqual(['ws-a']);
    await telemetry.shutdown();
  });

  it('flushes on shutdown and drops spans ended afterwards', async () => {
    const { telemetry, deliveries } = recorder();
    telemetry.tracer.startSpan('before').end();
    await telemetry.shutdown();
    expect(deliveries).toHaveLength(1);
    telemetry.tracer.startSpan('after').end();
    await telemetry.flush();
    expect(deliveries).toHaveLength(1);
  });
});
