import { describe, expect, it } from 'vitest';
import { parseArgs } from './settings';

describe('configuration from the environment and flags', () => {
  it('uses the documented defaults', () => {
    const parsed = parseArgs(['start'], {});
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.command).toBe('start');
    expect(parsed.config).toMatchObject({
      host: '127.0.0.1',
      otlpGrpcPort: 4317,
      otlpHttpPort: 4318,
      apiPort: 8080,
      dataDir: '.data',
      limits: { maxRequestBytes: 64 * 1024 * 1024 },
    });
  });

  it('reads the public environment names, and flags win over them', () => {
    const parsed = parseArgs(['start', '--otlp-http-port', '0', '--data-dir=/tmp/x'], {
      SPANLOOP_HOST: '0.0.0.0',
      SPANLOOP_OTLP_HTTP_PORT: '9999',
      SPANLOOP_OTLP_GRPC_PORT: '0',
      SPANLOOP_API_PORT: '8181',
      SPANLOOP_QUEUE_MAX_SPANS: '10',
    });
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.config).toMatchObject({
      host: '0.0.0.0',
      otlpHttpPort: 0,
      otlpGrpcPort: 0,
      apiPort: 8181,
      dataDir: '/tmp/x',
      queue: { maxSpans: 10 },
    });
  });

  it('names the bad setting', () => {
    expect(parseArgs(['start'], { SPANLOOP_API_PORT: 'eighty' })).toEqual({
      error: expect.stringMatching(/apiPort/) as string,
    });
    expect(parseArgs(['start', '--api-port'], {})).toEqual({ error: '--api-port needs a value' });
  });
});

describe('scaled configuration', () => {
  it('selects Kafka and a ClickHouse server from the public names', () => {
    const parsed = parseArgs(['ingester'], {
      SPANLOOP_BUS: 'kafka',
      SPANLOOP_KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
      SPANLOOP_CLICKHOUSE_URL: 'http://127.0.0.1:8123',
    });
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.config.bus).toEqual({
      kind: 'kafka',
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      topic: 'spanloop-spans',
      groupId: 'spanloop-ingester',
      partitions: 6,
    });
    expect(parsed.config.clickhouse).toEqual({
      kind: 'server',
      url: 'http://127.0.0.1:8123',
      username: 'default',
      password: '',
      database: 'default',
    });
  });

  it('defaults to the embedded bus and engine, and refuses Kafka without brokers', () => {
    const parsed = parseArgs(['start'], {});
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.config.bus).toEqual({ kind: 'embedded' });
    expect(parsed.config.clickhouse).toEqual({ kind: 'embedded' });
    expect(parseArgs(['start'], { SPANLOOP_BUS: 'kafka' })).toEqual({
      error: expect.stringMatching(/bus\.brokers/) as string,
    });
  });
});

describe('plugin configuration', () => {
  const plugins = (value: string) => {
    const parsed = parseArgs(['start'], { SPANLOOP_PLUGINS: value });
    return 'error' in parsed ? parsed.error : parsed.config.plugins;
  };

  it('takes a comma-separated list of modules, or a JSON array with options', () => {
    expect(plugins(' acme-plugin , ./local/p.mjs ')).toEqual([
      { module: 'acme-plugin' },
      { module: './local/p.mjs' },
    ]);
    expect(plugins('[{"module":"./p.mjs","options":{"k":1}}, "other"]')).toEqual([
      { module: './p.mjs', options: { k: 1 } },
      { module: 'other' },
    ]);
    expect(parseArgs(['start', '--plugins', 'a'], {})).toMatchObject({
      config: { plugins: [{ module: 'a' }] },
    });
    const none = parseArgs(['start'], {});
    expect('error' in none ? none.error : none.config.plugins).toEqual([]);
  });

  it('names a malformed list', () => {
    expect(plugins('[{"module": ')).toMatch(/^invalid configuration: plugins: not valid JSON/);
    expect(plugins('[{"options": {}}]')).toMatch(/plugins\.0\.module/);
  });
});
