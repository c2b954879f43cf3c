import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { createIngester } from '../ingester';
import { silentLogger } from '../logger';
import { createKafkaBus } from './kafka-bus';
import type { KafkaBus } from './kafka-bus';
import { createFakeSpanStore } from './kafka-fake-store';
import { freePort, makeBatch, repeated, uniqueName, until } from './kafka-test-kit';
import type { SpanBatch } from './types';

// The shared test broker must stay up for the other suites, so this one stops a private broker of its own.
const enabled = Boolean(process.env.SPANLOOP_TEST_KAFKA_BROKERS);
const script = fileURLToPath(new URL('../../scripts/kafka.sh', import.meta.url));
const run = promisify(execFile);

describe.skipIf(!enabled)(
  'Kafka bus when the broker is slow or down (skipped: set SPANLOOP_TEST_KAFKA_BROKERS to run the Kafka suites)',
  () => {
    let dataDir = '';
    let env: NodeJS.ProcessEnv = {};
    let bus: KafkaBus | undefined;
    const kafkaSh = (command: 'start' | 'stop') => run('bash', [script, command], { env, timeout: 180_000 });
    const brokerPid = () => Number(readFileSync(join(dataDir, 'kafka.pid'), 'utf8'));

    /** Publishes until the broker takes the batch again; returns what the failed attempts were answered. */
    const publishOnceBack = async (batch: SpanBatch) => {
      const refusals: string[] = [];
      await until(
        'the broker accepts again',
        () =>
          (bus as KafkaBus).publish(batch).then(
            () => true,
            (e: unknown) => (refusals.push(e instanceof AppError ? e.kind : String(e)), false),
          ),
        60_000,
      );
      return refusals;
    };

    /** How long a publish took to be refused, and with what. */
    const refusal = async (batch: SpanBatch) => {
      const started = Date.now();
      const error = await (bus as KafkaBus).publish(batch).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, ms: Date.now() - started };
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'spanloop-kafka-outage-'));
      const [port, controllerPort] = [await freePort(), await freePort()];
      env = {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controllerPort),
        KAFKA_DATA_DIR: dataDir,
      };
      await kafkaSh('start');
      bus = await createKafkaBus({
        brokers: [`127.0.0.1:${port}`],
        clientId: 'spanloop-outage-test',
        topic: uniqueName('spans'),
        groupId: uniqueName('ingester'),
        partitions: 2,
        publishTimeoutMs: 2000,
        retryAfterSeconds: 3,
        logger: silentLogger,
      });
    }, 240_000);

    afterAll(async () => {
      await bus?.close();
      if (dataDir === '') return;
      await kafkaSh('stop');
      rmSync(dataDir, { recursive: true, force: true });
    }, 120_000);

    const acknowledged: SpanBatch[] = [];

    it('refuses with unavailable within the publish timeout while the broker hangs, then accepts again', async () => {
      const first = makeBatch('before', 3);
      await bus?.publish(first);
      acknowledged.push(first);

      process.kill(brokerPid(), 'SIGSTOP');
      try {
        const { error, ms } = await refusal(makeBatch('hung', 3));
        expect(error).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 3 });
        expect(ms).toBeLessThan(4000);
      } finally {
        process.kill(brokerPid(), 'SIGCONT');
      }
      const again = makeBatch('after-hang', 3);
      await publishOnceBack(again);
      acknowledged.push(again);
    });

    it('refuses with unavailable quickly while the broker is stopped, and accepts once it is back', async () => {
      await kafkaSh('stop');
      const { error, ms } = await refusal(makeBatch('down', 3));
      expect(error).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 3 });
      expect(ms).toBeLessThan(4000);

      await kafkaSh('start');
      const back = makeBatch('after-restart', 3);
      const refusals = await publishOnceBack(back);
      expect(refusals.every((kind) => kind === 'unavailable')).toBe(true);
      acknowledged.push(back);
    });

    it('delivers every acknowledged span exactly once after the outages', async () => {
      const store = createFakeSpanStore();
      bus?.consume(createIngester(store));
      const ids = new Set(acknowledged.flatMap((b) => b.rows.map((r) => r.SpanId)));
      await until('every acknowledged span is stored', () =>
        [...ids].every((id) => store.rows().some((r) => r.SpanId === id)),
      );
      expect(repeated(store.rows())).toEqual([]);
    });
  },
);
