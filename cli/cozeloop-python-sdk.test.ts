import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSpan, TraceView } from '../schemas/span-view';
import { openPromptsInstance, registerModel, type PromptsInstance } from './prompts-instance-kit';

// The official Cozeloop Python SDK (`cozeloop` from PyPI, installed by scripts/python-sdks.sh) pointed at a real
// Spanloop by its base URL alone: Prompt Hub by label, local formatting, spans and a multimodal file reported,
// PTaaS execute and execute_streaming. The SDK is the ground truth of the wire contract.
const PYTHON = process.env.SPANLOOP_TEST_PYTHON;

if (!PYTHON && process.env.CI) {
  describe('the Cozeloop Python SDK', () => {
    it('has a Python with the SDK in CI', () =>
      expect(PYTHON, 'SPANLOOP_TEST_PYTHON is unset (scripts/python-sdks.sh path)').toBeDefined());
  });
}

/** A 1×1 PNG, sent by the SDK as an uploaded file in place of its data URL. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Uses the SDK as its documentation shows; prints one JSON line of results on stdout, SDK logs on stderr. */
const SCRIPT = `
import json, logging, sys, warnings
# The SDK imports authlib.jose, which warns that it is deprecated (authlib turns its warnings on at import).
import authlib.deprecate
warnings.filterwarnings("ignore", category=authlib.deprecate.AuthlibDeprecationWarning)
import cozeloop
from cozeloop.entities.prompt import Message, Role
from cozeloop.spec.tracespec import (ModelCallOption, ModelChoice, ModelImageURL, ModelInput, ModelMessage,
                                     ModelMessagePart, ModelMessagePartType, ModelOutput)

handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("[%(levelname)s] %(name)s: %(message)s"))
cozeloop.add_log_handler(handler)
cozeloop.set_log_level(logging.WARNING)

key, png = sys.argv[1], sys.argv[2]
cozeloop.new_client(prompt_trace=True)
dump = lambda m: m.model_dump(mode="json", exclude_none=True)
role = lambda m: getattr(m.role, "value", m.role)
out = {}

with cozeloop.start_span("sdk-turn", "custom") as root:
    root.set_user_id("u-python")
    prompt = cozeloop.get_prompt(prompt_key=key, label="production")
    out["prompt"] = dump(prompt) if prompt else None
    out["latest_version"] = cozeloop.get_prompt(prompt_key=key).version
    formatted = cozeloop.prompt_format(prompt, {"city": "Porto"})
    out["formatted"] = [dump(m) for m in formatted]
    with cozeloop.start_span("chat gpt-4o-mini", "model") as llm:
        text = lambda t: [ModelMessagePart(type=ModelMessagePartType.TEXT, text=t)]
        # 0.1.28's set_input/set_output iterate each message's parts (None fails): text ones get an empty list.
        messages = [ModelMessage(role=role(m), content=m.content, parts=[]) for m in formatted]
        messages.append(ModelMessage(role="user", parts=text("And this picture?") + [ModelMessagePart(
            type=ModelMessagePartType.IMAGE,
            image_url=ModelImageURL(name="dot.png", url="data:image/png;base64," + png))]))
        llm.set_input(ModelInput(messages=messages))
        llm.set_model_provider("openai")
        llm.set_model_name("gpt-4o-mini")
        llm.set_model_call_options(ModelCallOption(temperature=0.3, max_tokens=256))
        llm.set_input_tokens(42)
        llm.set_output_tokens(7)
        llm.set_tags({"team": "python", "attempt": 2, "score": 0.5, "cached": True})
        llm.set_output(ModelOutput(choices=[ModelChoice(index=0, finish_reason="stop", message=ModelMessage(
            role="assistant", content="Walk the Ribeira.", parts=[]))]))
        out["llm_span_id"] = llm.span_id
    out["root_span_id"] = root.span_id
    out["trace_id"] = root.trace_id

out["executed"] = dump(cozeloop.execute_prompt(key, label="production", variable_vals={"city": "Lisbon"},
                                               messages=[Message(role=Role.USER, content="Keep it short.")]))
stream = cozeloop.execute_prompt(key, label="production", variable_vals={"city": "Faro"}, stream=True)
out["streamed"] = [dump(chunk) for chunk in stream]

cozeloop.flush()
cozeloop.close()
print(json.dumps(out))
`;

interface ScriptResult {
  prompt: {
    workspace_id: string;
    prompt_key: string;
    version: string;
    prompt_template: { template_type: string; messages: { role: string; content: string }[] };
    llm_config?: Record<string, unknown>;
  };
  formatted: { role: string; content: string }[];
  latest_version: string;
  trace_id: string;
  root_span_id: string;
  llm_span_id: string;
  executed: Record<string, unknown>;
  streamed: { message?: { content?: string }; finish_reason?: string; usage?: Record<string, number> }[];
}

function runPython(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      PYTHON as string,
      [script, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The script's results: its last line of output as JSON, or undefined when it printed none. */
function lastJsonLine(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as unknown;
  } catch {
    return undefined;
  }
}

/** Polls until `read` answers a value or ten seconds passed (spans are written in batches). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!PYTHON)('the official Cozeloop Python SDK against Spanloop', () => {
  let i: PromptsInstance;
  let dir: string;
  let run: { code: number; stdout: string; stderr: string };
  let result: ScriptResult;

  beforeAll(async () => {
    i = await openPromptsInstance('python-sdk-team');
    dir = mkdtempSync(join(tmpdir(), 'spanloop-python-sdk-'));
    const modelId = await registerModel(i);
    const created = await i.call('post', '/api/v1/prompts', '/api/v1/prompts', {
      key: 'guide',
      template: {
        messages: [
          { role: 'system', content: 'You are a local guide.' },
          { role: 'user', content: 'One tip for {{city}}.' },
        ],
        variables: [{ key: 'city' }],
        model: { modelId, params: { temperature: 0.3 } },
      },
    });
    expect(created.status).toBe(201);
    const committed = await i.call(
      'post',
      '/api/v1/prompts/{key}/versions',
      '/api/v1/prompts/guide/versions',
      { version: '1.0.0', commitMessage: 'first' },
    );
    expect(committed.status).toBe(201);
    const labelled = await i.call(
      'put',
      '/api/v1/prompts/{key}/labels/{label}',
      '/api/v1/prompts/guide/labels/production',
      { version: '1.0.0' },
    );
    expect(labelled.status).toBe(200);
    // A later version without the label: fetching by label must not answer it.
    const later = await i.call('post', '/api/v1/prompts/{key}/versions', '/api/v1/prompts/guide/versions', {
      version: '1.1.0',
      template: {
        messages: [{ role: 'user', content: 'Two tips for {{city}}.' }],
        variables: [{ key: 'city' }],
        model: { modelId },
      },
    });
    expect(later.status).toBe(201);
    i.fake.enqueue(
      { type: 'message', text: 'Ride tram 28.', usage: { inputTokens: 20, outputTokens: 4 } },
      { type: 'message', text: 'See the Bones Chapel.', usage: { inputTokens: 21, outputTokens: 5 } },
    );
    const script = join(dir, 'sdk.py');
    writeFileSync(script, SCRIPT);
    const secret = i.writer.authorization?.replace(/^Bearer /, '') ?? '';
    run = await runPython(script, ['guide', PNG_BASE64], {
      COZELOOP_API_BASE_URL: i.spanloop.api,
      COZELOOP_WORKSPACE_ID: i.team.id,
      COZELOOP_API_TOKEN: secret,
    });
    result = lastJsonLine(run.stdout) as ScriptResult;
  }, 120_000);
  afterAll(async () => {
    await i?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs to the end without an SDK error or warning', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('fetches the prompt by label with its committed messages, and formats the variable locally', () => {
    expect(result.prompt).toMatchObject({
      workspace_id: i.team.id,
      prompt_key: 'guide',
      version: '1.0.0',
      prompt_template: {
        template_type: 'normal',
        messages: [
          { role: 'system', content: 'You are a local guide.' },
          { role: 'user', content: 'One tip for {{city}}.' },
        ],
      },
    });
    expect(result.formatted.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You are a local guide.'],
      ['user', 'One tip for Porto.'],
    ]);
    expect(result.latest_version).toBe('1.1.0');
  });

  it('stores the reported spans with the LLM fields mapped', async () => {
    const trace = await eventually(async () => {
      const res = await fetch(`${i.spanloop.api}/api/v1/traces/${result.trace_id}`, { headers: i.writer });
      if (res.status !== 200) return undefined;
      const view = (await res.json()) as TraceView;
      return view.spans.length >= 5 ? view : undefined;
    });
    const byId = (id: string) => trace.spans.find((s) => s.spanId === id) as StoredSpan;
    const root = byId(result.root_span_id);
    expect(root.name).toBe('sdk-turn');
    expect(root.parentSpanId).toBe('');
    expect(root.statusCode).not.toBe('Error');
    const llm = byId(result.llm_span_id);
    expect(llm.parentSpanId).toBe(root.spanId);
    expect(llm.llm).toMatchObject({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      inputTokens: 42,
      outputTokens: 7,
    });
    expect(llm.llm.input.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You are a local guide.'],
      ['user', 'One tip for Porto.'],
      ['user', 'And this picture?'],
    ]);
    expect(llm.llm.output.map((m) => [m.role, m.content])).toEqual([['assistant', 'Walk the Ribeira.']]);
    expect(llm.attributes).toMatchObject({ team: 'python', attempt: 2, score: 0.5, cached: true });
    // With prompt_trace on, the SDK's own prompt_hub and prompt template spans join the trace.
    const hub = trace.spans.find((s) => s.attributes.span_type === 'prompt_hub') as StoredSpan;
    expect(hub.parentSpanId).toBe(root.spanId);
    expect(hub.llm).toMatchObject({ promptKey: 'guide', promptVersion: '1.0.0' });
    const template = trace.spans.find((s) => s.attributes.span_type === 'prompt') as StoredSpan;
    expect(template.llm.output[0]?.content).toContain('One tip for Porto.');

    // The image was uploaded as a file named by its object key, which the span's input now holds.
    // (Python writes `attachments`; the Go SDK `Attachments`: Spanloop keeps the attribute as sent.)
    const storage = JSON.parse(llm.attributes['cozeloop.object_storage'] as string) as {
      attachments: { tos_key: string; type: string; field: string }[];
    };
    const attachment = storage.attachments[0];
    expect(attachment?.field).toBe('input');
    expect(attachment?.type).toBe('image');
    expect(attachment?.tos_key).toMatch(new RegExp(`^${result.trace_id}_${result.llm_span_id}_input_image_`));
    const file = await fetch(`${i.spanloop.api}/api/v1/files/${attachment?.tos_key}`, { headers: i.writer });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from(PNG_BASE64, 'base64'));
  });

  it("executes the labelled prompt and streams it, with the fake model's answers", () => {
    expect(result.executed).toMatchObject({
      message: { role: 'assistant', content: 'Ride tram 28.' },
      finish_reason: 'stop',
      usage: { input_tokens: 20, output_tokens: 4 },
    });
    expect(result.streamed.length).toBeGreaterThan(2);
    expect(result.streamed.map((c) => c.message?.content ?? '').join('')).toBe('See the Bones Chapel.');
    expect(result.streamed.at(-1)).toMatchObject({
      finish_reason: 'stop',
      usage: { input_tokens: 21, output_tokens: 5 },
    });
    const sent = i.fake.requests.slice(-2).map((r) => r.body as { messages: { content: string }[] });
    expect(sent[0]?.messages.map((m) => m.content)).toEqual([
      'You are a local guide.',
      'One tip for Lisbon.',
      'Keep it short.',
    ]);
    expect(sent[1]?.messages.map((m) => m.content)).toEqual(['You are a local guide.', 'One tip for Faro.']);
  });
});
