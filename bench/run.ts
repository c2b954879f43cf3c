import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchDecode } from './decode';
import { benchIngest } from './ingest';

const run = promisify(execFile);

/** `--name=value` flags of `npm run bench -- …`. */
const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** chdb binds one data folder per process, so each store size runs in a process of its own. */
async function benchStoreInProcess(spans: number): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'store-main.ts'), String(spans)],
    {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60 * 60 * 1000,
    },
  );
  return JSON.parse(stdout) as unknown;
}

const only = flag('only', 'decode,ingest,store').split(',');
const storeSizes = flag('store-spans', '1000000')
  .split(',')
  .map((n) => Number(n));

const results: Record<string, unknown> = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  startedAt: new Date().toISOString(),
};
if (only.includes('decode')) {
  process.stderr.write('bench: OTLP decode + normalize (one core)\n');
  results.decode = await benchDecode();
}
if (only.includes('ingest')) {
  process.stderr.write('bench: end-to-end embedded ingest from the real exporter\n');
  results.ingest = await benchIngest({
    spans: Number(flag('ingest-spans', '300000')),
    batch: 512,
    concurrency: Number(flag('ingest-concurrency', '8')),
  });
}
if (only.includes('store')) {
  results.store = [];
  for (const spans of storeSizes) {
    process.stderr.write(`bench: span store at ${spans} spans\n`);
    (results.store as unknown[]).push(await benchStoreInProcess(spans));
  }
}
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
const file = join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.stderr.write(`bench: results written to ${file}\n`);
