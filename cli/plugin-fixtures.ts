// Test support: third-party plugins as a user would write them, in plain .mjs files outside the repository.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `acme`: a migration, authenticated routes (one throws a bug, one traces itself), a root route, two consumers
 * (one also reading Spanloop's own spans), an evaluator, and a stop that emits a span and notes its trace id.
 */
const ACME = `
import { writeFileSync } from 'node:fs';
let context;
const seen = new Map();
const record = (key) => (spans) => {
  for (const s of spans) {
    const list = seen.get(key + ':' + s.WorkspaceId) ?? [];
    list.push({ name: s.SpanName, internal: s.ResourceAttributes['spanloop.internal'] === 'true' });
    seen.set(key + ':' + s.WorkspaceId, list);
  }
  return Promise.resolve();
};
export default {
  name: 'acme',
  migrations: {
    postgres: [
      { version: 1, name: 'notes', statements: ['CREATE TABLE acme_notes (workspace_id text NOT NULL, body text NOT NULL)'] },
    ],
  },
  async start(ctx) {
    context = ctx;
  },
  routes(app, ctx) {
    app.get('/seen', (c) => c.json({
      external: seen.get('external:' + c.get('workspaceId')) ?? [],
      all: seen.get('all:' + c.get('workspaceId')) ?? [],
    }));
    app.post('/notes', async (c) => {
      const { body } = await c.req.json();
      await ctx.sql.query('INSERT INTO acme_notes (workspace_id, body) VALUES ($1, $2)', [c.get('workspaceId'), body]);
      return c.json({ ok: true }, 201);
    });
    app.get('/notes', async (c) => {
      const rows = await ctx.sql.query('SELECT body FROM acme_notes WHERE workspace_id = $1 ORDER BY body', [c.get('workspaceId')]);
      return c.json({ notes: rows.map((r) => r.body) });
    });
    app.get('/boom', () => {
      throw new Error('acme route bug');
    });
    app.get('/traced', (c) => {
      const root = ctx.tracer.startSpan('acme traced', { attributes: { 'spanloop.workspace_id': c.get('workspaceId') } });
      root.end();
      return c.json({ traceId: root.spanContext().traceId, spanId: root.spanContext().spanId });
    });
  },
  rootRoutes(app, ctx) {
    app.get('/acme-root/ping', async (c) => {
      const principal = await ctx.authenticate((name) => c.req.header(name), 'read');
      return c.json({ workspace: principal.workspaceId });
    });
  },
  consumers: [
    { name: 'external', handle: record('external') },
    { name: 'all', includeInternal: true, handle: record('all') },
  ],
  evaluators: [
    {
      name: 'acme-length',
      description: 'output length against fields.max',
      async evaluate({ span, trace, fields }) {
        const text = span.llm.output.map((m) => m.content).join('');
        const max = typeof fields.max === 'number' ? fields.max : 100;
        return {
          score: Math.min(1, text.length / max),
          label: text.length <= max ? 'short' : 'long',
          explanation: text.length + ' characters in a trace of ' + trace.length + ' spans',
        };
      },
    },
    {
      name: 'acme-buggy',
      description: 'always throws',
      async evaluate() {
        throw new Error('evaluator bug');
      },
    },
  ],
  async stop() {
    const span = context.tracer.startSpan('acme stop');
    span.end();
    if (typeof context.options?.stopFile === 'string') writeFileSync(context.options.stopFile, span.spanContext().traceId);
  },
};
`;

const BROKEN_START = `
export default {
  name: 'broken-start',
  async start() {
    throw new Error('cannot reach the moon');
  },
  routes(app) {
    app.get('/ping', (c) => c.text('pong'));
  },
  consumers: [{ name: 'never', handle: async () => { throw new Error('a failed plugin consumed spans'); } }],
};
`;

const BROKEN_CONSUMER = `
export const plugin = {
  name: 'broken-consumer',
  routes(app) {
    app.get('/ok', (c) => c.json({ ok: true }));
  },
  consumers: [{ name: 'explodes', handle: async () => { throw new Error('consumer bug'); } }],
};
`;

/** Takes an evaluator name another plugin registered first. */
const DUPLICATE_EVALUATOR = `
export default {
  name: 'copycat',
  evaluators: [{ name: 'contains-keywords', description: 'again', evaluate: async () => ({ score: 1 }) }],
};
`;

/** Named after one of Spanloop's own API segments. */
const RESERVED_NAME = `export default { name: 'traces', routes(app) { app.get('/x', (c) => c.text('x')); } };`;

const NOT_A_PLUGIN = `export default { name: 'Bad Name', start: 'soon', consumers: [{ name: 'c' }] };`;

export const PLUGIN_SOURCES = {
  'acme.mjs': ACME,
  'broken-start.mjs': BROKEN_START,
  'broken-consumer.mjs': BROKEN_CONSUMER,
  'copycat.mjs': DUPLICATE_EVALUATOR,
  'traces.mjs': RESERVED_NAME,
  'not-a-plugin.mjs': NOT_A_PLUGIN,
} as const;

/** Writes the fixture plugins into a fresh folder; answers the path of each by file name. */
export function writePluginFixtures(): { dir: string; path: (file: keyof typeof PLUGIN_SOURCES) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'spanloop-plugins-'));
  for (const [file, source] of Object.entries(PLUGIN_SOURCES)) writeFileSync(join(dir, file), source);
  return { dir, path: (file) => join(dir, file) };
}
