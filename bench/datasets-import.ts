import { createApiKey } from '../core/access/api-keys';
import { createWorkspace } from '../core/access/workspaces';
import { createEgressPolicy } from '../core/egress/egress-policy';
import { createSqlFileStore } from '../core/files/sql-file-store';
import { DEFAULT_LIMITS } from '../plugins/datasets/options';
import { createDatasetStore } from '../plugins/datasets/sql-dataset-store';
import { startTestInstance } from '../cli/test-instance';
import type { JobView } from '../plugins/datasets/jobs-schema';

const MiB = 1024 * 1024;

/** A CSV of `rows` rows of ~600 bytes (three text columns and an integer), produced as it is sent. */
function csvBody(rows: number): { stream: ReadableStream<Uint8Array>; bytes: () => number } {
  const encoder = new TextEncoder();
  const pad = 'lorem ipsum dolor sit amet, '.repeat(7);
  let row = 0;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (row >= rows) return controller.close();
      const lines: string[] = row === 0 ? ['question,answer,context,n'] : [];
      for (const end = Math.min(rows, row + 2000); row < end; row++)
        lines.push(`"Q${row}: ${pad}","A ""${row}"" ${pad.slice(0, 120)}","${pad}\n${row}",${row}`);
      const chunk = encoder.encode(lines.join('\n') + '\n');
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, bytes: () => sent };
}

/**
 * Imports a generated CSV through the real HTTP route into an embedded Spanloop and follows the job: upload
 * time, job time, progress samples and the process RSS (the server runs in this process).
 */
export async function benchDatasetsImport(rows: number) {
  const spanloop = await startTestInstance({ auth: { mode: 'required' } });
  try {
    const ws = await createWorkspace(spanloop.metadata, { name: 'bench' });
    if (!ws) throw new Error('no workspace');
    const key = await createApiKey(spanloop.metadata, {
      workspaceId: ws.id,
      name: 'b',
      scopes: ['read', 'write'],
    });
    const headers = { authorization: `Bearer ${key.secret}` };
    const store = createDatasetStore({
      sql: spanloop.metadata,
      files: createSqlFileStore(spanloop.metadata, { maxFileBytes: 1 << 24, maxWorkspaceBytes: 1 << 28 }),
      egress: createEgressPolicy({ allow: [] }),
      limits: DEFAULT_LIMITS,
    });
    const field = (name: string, valueType: 'string' | 'integer' = 'string') => ({
      name,
      description: '',
      contentType: 'text' as const,
      valueType,
      displayFormat: 'plain_text' as const,
      required: false,
    });
    const ds = await store.create(
      ws.id,
      {
        name: 'bench',
        fields: [field('question'), field('answer'), field('context'), field('n', 'integer')],
      },
      'bench',
    );
    global.gc?.();
    const rssBase = process.memoryUsage().rss;
    let rssPeak = rssBase;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
    const started = Date.now();
    const body = csvBody(rows);
    const res = await fetch(`${spanloop.api}/api/v1/datasets/${ds.id}/imports?format=csv`, {
      method: 'POST',
      headers,
      body: body.stream,
      duplex: 'half',
    });
    const accepted = (await res.json()) as JobView;
    if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(accepted)}`);
    const uploadSeconds = (Date.now() - started) / 1000;
    const progress: { seconds: number; processed: number; added: number }[] = [];
    let job = accepted;
    while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
      await new Promise((r) => setTimeout(r, 1000));
      job = (await (
        await fetch(`${spanloop.api}/api/v1/datasets/${ds.id}/jobs/${accepted.id}`, { headers })
      ).json()) as JobView;
      progress.push({
        seconds: (Date.now() - started) / 1000,
        processed: job.progress.processed,
        added: job.progress.added,
      });
    }
    const totalSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    return {
      rows,
      fileMiB: Math.round((body.bytes() / MiB) * 10) / 10,
      status: job.status,
      added: job.progress.added,
      uploadSeconds,
      totalSeconds,
      rssBaseMiB: Math.round(rssBase / MiB),
      rssPeakMiB: Math.round(rssPeak / MiB),
      rssGrowthMiB: Math.round((rssPeak - rssBase) / MiB),
      progress: progress.filter((_, i) => i % Math.max(1, Math.floor(progress.length / 10)) === 0),
    };
  } finally {
    await spanloop.stop();
  }
}
