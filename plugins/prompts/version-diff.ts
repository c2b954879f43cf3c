import { createTwoFilesPatch } from 'diff';
import { AppError } from '../../core/app-error';
import { canonicalJson } from './content-hash';
import type { PromptTemplate } from './template-schema';

const pretty = (value: unknown): string =>
  JSON.stringify(JSON.parse(canonicalJson(value) ?? 'null'), null, 2);

/** A template as text people read in a diff: each message under its own header, then the settings as JSON. */
export function templateText(t: PromptTemplate): string {
  const lines = [`engine: ${t.templateType}`];
  t.messages.forEach((m, i) => {
    lines.push(`=== message ${i + 1} (${m.role}) ===`, m.content);
    if (m.parts !== undefined) lines.push(`parts: ${pretty(m.parts)}`);
    if (m.toolCalls !== undefined) lines.push(`tool calls: ${pretty(m.toolCalls)}`);
    if (m.toolCallId !== undefined) lines.push(`tool call id: ${m.toolCallId}`);
  });
  lines.push('=== variables ===', pretty(t.variables));
  lines.push('=== tools ===', pretty(t.tools));
  lines.push('=== tool choice ===', pretty(t.toolChoice ?? null));
  lines.push('=== model ===', pretty(t.model));
  if (t.metadata !== undefined) lines.push('=== metadata ===', pretty(t.metadata));
  return `${lines.join('\n')}\n`;
}

const FIELDS = ['templateType', 'messages', 'variables', 'tools', 'toolChoice', 'model', 'metadata'] as const;

export interface VersionDiff {
  identical: boolean;
  /** Top-level template fields that differ. */
  changed: string[];
  /** Unified diff of the readable text forms. */
  patch: string;
}

/** Diffs two templates without blocking the event loop; a diff that takes over `timeoutMs` is refused. */
export async function diffTemplates(
  from: { name: string; template: PromptTemplate },
  to: { name: string; template: PromptTemplate },
  timeoutMs = 2000,
): Promise<VersionDiff> {
  const changed = FIELDS.filter((f) => canonicalJson(from.template[f]) !== canonicalJson(to.template[f]));
  const patch = await new Promise<string | undefined>((resolve) =>
    createTwoFilesPatch(
      from.name,
      to.name,
      templateText(from.template),
      templateText(to.template),
      undefined,
      undefined,
      {
        context: 3,
        timeout: timeoutMs,
        callback: resolve,
      },
    ),
  );
  if (patch === undefined)
    throw new AppError(
      'invalid_argument',
      `versions ${from.name} and ${to.name} differ too much to diff in ${timeoutMs} ms`,
    );
  return { identical: changed.length === 0, changed, patch };
}
