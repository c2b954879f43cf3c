import type { Content } from '../../schemas/content';

/**
 * A cell as judge prompt text. The gateway's messages are text only, so media become their URL (or file key),
 * and multi-part cells their parts one per line.
 */
export function contentText(content: Content): string {
  switch (content.content_type) {
    case 'text':
      return content.text ?? '';
    case 'image':
      return content.image?.url ?? content.image?.uri ?? '';
    case 'audio':
      return content.audio?.url ?? content.audio?.uri ?? '';
    case 'video':
      return content.video?.url ?? content.video?.uri ?? '';
    case 'multi_part':
      return (content.multi_part ?? []).map(contentText).join('\n');
  }
}

const VARIABLE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The `{{var}}` names a template uses, each once, in order. */
export const templateVariables = (template: string): string[] => [
  ...new Set([...template.matchAll(VARIABLE)].map((m) => m[1] ?? '')),
];

/**
 * Fills `{{var}}` from the fields in one pass (a value containing `{{x}}` is not expanded again). As in
 * Cozeloop, a variable without a field renders empty (templates mark context and references optional); the
 * caller gets their names to make them visible on the span.
 */
export function renderTemplate(
  template: string,
  fields: Readonly<Record<string, Content>>,
  missing: Set<string> = new Set(),
): string {
  return template.replace(VARIABLE, (_, name: string) => {
    const value = fields[name];
    if (value !== undefined) return contentText(value);
    missing.add(name);
    return '';
  });
}
