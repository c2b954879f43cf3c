import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, exportHttp, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId, msToNs, type JsonSpanInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

// Items made of spans: spans ingested over real OTLP/HTTP, picked by id or by a trace search, mapped with
// JSONPath; the preview answers exactly what the write then writes, each item linked to its span.
let spanloop: TestInstance;
let writer: Headers;
let reader: Headers;
let other: Headers;
let datasetId = '';
const nowMs = Date.now();
const window = { start: nowMs - 3_600_000, end: nowMs + 600_000 };

const chat = (question: string, answer: string, over: Partial<JsonSpanInput> = {}): JsonSpanInput => ({
  startNs: msToNs(nowMs - 60_000),
  durationNs: msToNs(1200),
  name: 'chat gpt-4o',
  kind: 3,
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 30,
    'gen_ai.usage.output_tokens': 9,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', content: question }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', content: answer }]),
    'app.customer_tier': 'gold',
  },
  ...over,
});

interface Trace {
  traceId: string;
  root: string;
  llm: string;
}
const traces: Trace[] = [];

const ingest = async (
  headers: Headers,
  service: string,
  question: string,
  answer: string,
): Promise<Trace> => {
  const t = { traceId: hexId(16), root: hexId(8), llm: hexId(8) };
  const spans: JsonSpanInput[] = [
    {
      traceId: t.traceId,
      spanId: t.root,
      name: 'handle ticket',
      startNs: msToNs(nowMs - 60_001),
      durationNs: msToNs(2000),
    },
    chat(question, answer, { traceId: t.traceId, spanId: t.llm, parentSpanId: t.root }),
  ];
  expect((await exportHttp(spanloop, headers, [{ service, spans }])).status).toBe(200);
  return t;
};

const post = async (path: string, body: unknown, headers = writer) => {
  const r = await callApi(spanloop, path, headers, { method: 'POST', body });
  return { status: r.status, body: JSON.parse(r.text) as Record<string, unknown> };
};

const mappings = [
  { field: 'question', source: 'input' },
  { field: 'answer', source: 'output', jsonPath: '$' },
  { field: 'model', source: 'span', jsonPath: '$.model' },
  { field: 'tier', source: 'attributes', jsonPath: "$['app.customer_tier']" },
  { field: 'conversation', source: 'messages' },
];

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  const team = await newWorkspace(spanloop, 'traces-to-data');
  writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write']);
  reader = await keyHeaders(spanloop, team.id, ['read']);
  const rival = await newWorkspace(spanloop, 'traces-to-data-other');
  other = await keyHeaders(spanloop, rival.id, ['ingest', 'read', 'write']);
  traces.push(await ingest(writer, 'support', 'Where is my order?', 'It ships today.'));
  traces.push(await ingest(writer, 'support', 'Can I get a refund?', 'Yes, within 30 days.'));
  traces.push(await ingest(writer, 'billing', 'Why was I charged twice?', 'A refund is on its way.'));
  await ingest(other, 'support', 'secret question of another team', 'secret');
  workspace = team.id;
  const created = await post('/v1/loop/evaluation/evaluation_sets', {
    workspace_id: team.id,
    name: 'from-production',
    evaluation_set_schema: {
      field_schemas: [
        { name: 'question', is_required: true },
        { name: 'answer' },
        { name: 'model' },
        { name: 'tier' },
        { name: 'conversation', schema_key: 'message_list', default_display_format: 'json' },
      ],
    },
  });
  datasetId = String((created.body.data as { evaluation_set_id?: string } | undefined)?.evaluation_set_id);
}, 180_000);
afterAll(() => spanloop?.stop());

/** The draft's items as the store gives them back, through the Cozeloop list (the REST list is ds-store's). */
const draftItems = async () => {
  const r = await callApi(
    spanloop,
    `/v1/loop/evaluation/evaluation_sets/${datasetId}/items?workspace_id=${encodeURIComponent(wsOf())}&page_size=200`,
    writer,
  );
  return (
    JSON.parse(r.text) as {
      data: { items: { item_key: string; turns: { field_datas: { name: string; content: unknown }[] }[] }[] };
    }
  ).data.items;
};
let workspace = '';
const wsOf = () => workspace;

describe('items from traces', () => {
  it('previews the items a list of spans makes, by field name, and writes exactly those', async () => {
    expect(datasetId).toMatch(/^\d+$/);
    const spans = [
      { traceId: traces[0]?.traceId, spanId: traces[0]?.llm },
      { traceId: traces[1]?.traceId, spanId: traces[1]?.llm },
      { traceId: traces[0]?.traceId, spanId: 'f'.repeat(16) },
    ];
    const preview = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, { spans, mappings });
    expect(preview.status).toBe(200);
    const items = preview.body.items as {
      itemKey: string;
      source: unknown;
      turns: { fields: Record<string, unknown> }[];
    }[];
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      itemKey: `span:${traces[0]?.traceId}:${traces[0]?.llm}`,
      source: { traceId: traces[0]?.traceId, spanId: traces[0]?.llm },
      turns: [
        {
          fields: {
            question: { content_type: 'text', text: 'Where is my order?' },
            answer: { content_type: 'text', text: 'It ships today.' },
            model: { content_type: 'text', text: 'gpt-4o' },
            tier: { content_type: 'text', text: 'gold' },
            conversation: {
              content_type: 'text',
              text: JSON.stringify([
                { role: 'user', content: 'Where is my order?' },
                { role: 'assistant', content: 'It ships today.' },
              ]),
            },
          },
        },
      ],
    });
    expect(preview.body.errors).toEqual([
      { index: 2, traceId: traces[0]?.traceId, spanId: 'f'.repeat(16), message: 'span not found' },
    ]);

    const written = await post(`/api/v1/datasets/${datasetId}/from-traces`, { spans, mappings });
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ written: true, errors: [], skipped: [{ index: 2 }] });
    expect((written.body.outputs as unknown[]).length).toBe(2);

    // What the store holds now is what the preview showed: same keys, same values by name.
    const stored = await draftItems();
    const asPreview = stored
      .map((i) => ({
        itemKey: i.item_key,
        fields: Object.fromEntries((i.turns[0]?.field_datas ?? []).map((d) => [d.name, d.content])),
      }))
      .sort((a, b) => a.itemKey.localeCompare(b.itemKey));
    expect(asPreview).toEqual(
      items
        .map((i) => ({ itemKey: i.itemKey, fields: i.turns[0]?.fields }))
        .sort((a, b) => a.itemKey.localeCompare(b.itemKey)),
    );
    // Each item keeps its link to the span.
    const rest = JSON.parse(
      (await callApi(spanloop, `/api/v1/datasets/${datasetId}/items`, writer)).text,
    ) as {
      items?: { source?: unknown; itemKey?: string }[];
    };
    if (rest.items !== undefined)
      for (const i of rest.items)
        expect(i.source).toEqual({
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
          spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
        });

    // Adding the same span again updates its item instead of adding another.
    const again = await post(`/api/v1/datasets/${datasetId}/from-traces`, {
      spans: spans.slice(0, 1),
      mappings,
    });
    expect(again.body).toMatchObject({ written: true, outputs: [{ isNew: false }] });
    expect(await draftItems()).toHaveLength(2);
  });

  it('picks spans by trace search with span-level conditions, within the window and the limit', async () => {
    const search = { filter: { service: 'support', spanType: 'llm' }, ...window, limit: 10 };
    const preview = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, { search, mappings });
    expect(preview.status).toBe(200);
    const items = preview.body.items as { source: { spanId: string } }[];
    expect(items.map((i) => i.source.spanId).sort()).toEqual([traces[0]?.llm, traces[1]?.llm].sort());
    const filtered = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, {
      search: { filter: { filters: ['app.customer_tier=gold'], text: 'charged' }, ...window },
      mappings,
    });
    expect((filtered.body.items as { source: { spanId: string } }[]).map((i) => i.source.spanId)).toEqual([
      traces[2]?.llm,
    ]);
    const one = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, {
      search: { ...search, limit: 1 },
      mappings,
    });
    expect(one.body.items).toHaveLength(1);
    const written = await post(`/api/v1/datasets/${datasetId}/from-traces`, {
      search: { filter: { service: 'billing', spanType: 'llm' }, ...window },
      mappings,
    });
    expect(written.body).toMatchObject({ written: true, outputs: [{ isNew: true }] });
    expect(await draftItems()).toHaveLength(3);
  });

  it('skips a span without a required value and refuses bad mappings or searches', async () => {
    const required = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, {
      spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.root }],
      mappings,
    });
    expect(required.body).toMatchObject({
      items: [],
      errors: [{ index: 0, message: 'no value for the required field "question"' }],
    });
    const bad = [
      {
        spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.llm }],
        mappings: [{ field: 'nope', source: 'input' }],
      },
      {
        spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.llm }],
        mappings: [{ field: 'answer', source: 'input', jsonPath: '$[?(@.x)]' }],
      },
      { search: { filter: { from: 0 }, ...window }, mappings },
      { search: { filter: { nonsense: 1 }, ...window }, mappings },
      { spans: [], mappings },
      { mappings },
      { spans: [{ traceId: 'xyz', spanId: 'abc' }], mappings },
    ];
    for (const body of bad) {
      const r = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: { code: expect.any(String) as string } });
    }
  });

  it('reads only the caller’s workspace, and a reader may preview but not write', async () => {
    // Another workspace's span ids name nothing here; its dataset id names nothing there.
    const foreign = await post(`/api/v1/datasets/${datasetId}/from-traces/preview`, {
      search: { filter: { text: 'secret' }, ...window },
      mappings,
    });
    expect(foreign.body.items).toEqual([]);
    const theirs = await post(
      `/api/v1/datasets/${datasetId}/from-traces/preview`,
      { spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.llm }], mappings },
      other,
    );
    expect(theirs.status).toBe(404);
    const preview = await post(
      `/api/v1/datasets/${datasetId}/from-traces/preview`,
      { spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.llm }], mappings },
      reader,
    );
    expect(preview.status).toBe(200);
    const write = await post(
      `/api/v1/datasets/${datasetId}/from-traces`,
      { spans: [{ traceId: traces[0]?.traceId, spanId: traces[0]?.llm }], mappings },
      reader,
    );
    expect(write.status).toBe(403);
  });
});
