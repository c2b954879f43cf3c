// Test support: the Cozeloop demo prompt the Prompt Hub / PTaaS tests share, and SSE frames read like the SDKs do.
import { bodyOf, chatTemplate, type LoopAnswer, type PromptsTestbed } from './prompts-test-kit';

export const weatherTool = {
  name: 'get_weather',
  description: 'Weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

/** `ptaas_demo`: versions 0.0.1 (labelled production) and 0.0.2, on the testbed's model, with one tool. */
export async function seedDemoPrompt(t: PromptsTestbed): Promise<void> {
  const template = chatTemplate({
    model: { modelId: t.modelId, params: { temperature: 0.3, maxTokens: 200 } },
    tools: [weatherTool],
    toolChoice: 'auto',
  });
  await t.call('/api/v1/prompts', { body: { key: 'ptaas_demo', name: 'PTaaS demo', template } });
  await t.call('/api/v1/prompts/ptaas_demo/versions', { body: { version: '0.0.1', template } });
  await t.call('/api/v1/prompts/ptaas_demo/versions', {
    body: { version: '0.0.2', template: { ...template, metadata: { v: '2' } } },
  });
  await t.call('/api/v1/prompts/ptaas_demo/labels/production', { method: 'PUT', body: { version: '0.0.1' } });
}

/** A POST to /v1/loop/prompts/<path> as the testbed's writer (or `key`). */
export const loopCall = (t: PromptsTestbed, path: string, body: unknown, key = t.keys.writer) =>
  t.call(`/v1/loop/prompts/${path}`, { body, key });

export const loopJson = (res: Response) => bodyOf<LoopAnswer>(res);

/** One SSE frame's data: a delta, the last frame, or an error. */
export interface Frame {
  message?: {
    role: string;
    content?: string;
    tool_calls?: { index: number; id?: string; function_call: { name?: string; arguments: string } }[];
  };
  finish_reason?: string;
  usage?: { input_tokens: number; output_tokens: number };
  code?: number;
  msg?: string;
  biz_extra?: Record<string, string>;
}

/** SSE frames the way @cozeloop/ai splits them: blank-line separated, `event:` and the last `data:` line. */
export const sseFrames = (text: string) =>
  text
    .split('\n\n')
    .filter((f) => f.trim() !== '')
    .map((f) => {
      const lines = f.split('\n');
      const event = lines.find((l) => l.startsWith('event'))?.replace(/^event:\s*/, '');
      const data =
        lines
          .filter((l) => l.startsWith('data:'))
          .at(-1)
          ?.replace(/^data:\s*/, '') ?? '';
      return { event, data: JSON.parse(data) as Frame };
    });
