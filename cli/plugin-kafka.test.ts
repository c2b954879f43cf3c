import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger';
import { Config } from '../schemas/config';
import type { TraceView } from '../schemas/span-view';
import { writePluginFixtures } from './plugin-fixtures';
import { startRole, type Running } from './roles';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;

if (!brokers && process.env.CI) {
  describe('plugins in a query process on Kafka', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

describe.skipIf(!brokers)(
  'plugins in a query process on Kafka (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)',
  () => {
    const running: { stop(): Promise<void> }[] = [];
    afterAll(async () => {
      for (const r of running.splice(0).reverse()) await r.stop();
    });

    it('publishes plugin spans to the spans topic, where the ingesting process writes them', async () => {
      const topic = unique('spans');
      const groupId = unique('ingesters');
      const ingesting: SpanloopProcess = await startSpanloopProcess(
        mkdtempSync(join(tmpdir(), 'sl-plug-ing-')),
        {
          SPANLOOP_BUS: 'kafka',
          SPANLOOP_KAFKA_BROKERS: brokers ?? '',
          SPANLOOP_KAFKA_TOPIC: topic,
          SPANLOOP_KAFKA_GROUP: groupId,
        },
      );
      running.push(ingesting);
      const query: Running = await startRole(
        'query',
        Config.parse({
          otlpGrpcPort: 0,
          otlpHttpPort: 0,
          apiPort: 0,
          dataDir: mkdtempSync(join(tmpdir(), 'sl-plug-query-')),
          bus: { kind: 'kafka', brokers: [brokers], topic, groupId },
          plugins: [writePluginFixtures().path('acme.mjs')],
        }),
        silentLogger,
      );
      running.push(query);
      const res = await fetch(`http://127.0.0.1:${query.ports.api}/api/v1/acme/traced`);
      const { traceId } = (await res.json()) as { traceId: string };
      let view: TraceView | undefined;
      for (let deadline = Date.now() + 30_000; view === undefined && Date.now() < deadline;) {
        const read = await fetch(`${ingesting.api}/api/v1/traces/${traceId}`);
        if (read.status === 200) view = (await read.json()) as TraceView;
        else await new Promise((r) => setTimeout(r, 200));
      }
      expect(view?.spans.map((s) => [s.name, s.resourceAttributes['spanloop.internal']])).toEqual([
        ['acme traced', true],
      ]);
    });
  },
);
