import type { Content } from '../../schemas/content';
import type { DatasetLimits, FieldSchema, ItemErrorCode, ItemErrorGroup, NewItem } from './types';
import { checkJsonSchema, parseValue, type CellError, type JsonSchemas } from './value-check';

export interface ItemIssue {
  index: number;
  code: ItemErrorCode;
  message: string;
}

const MAX_ITEM_KEY = 256;
const MAX_TURNS = 1000;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Whether a media part names its file (a URL or a stored key). */
const hasMedia = (m: { url?: string | undefined; uri?: string | undefined } | undefined) =>
  m !== undefined && ((m.url ?? '') !== '' || (m.uri ?? '') !== '');

/** Content whose shape contradicts its type, or that only answers carry. */
function illegal(content: Content, nested: boolean): string | undefined {
  if (content.content_omitted === true || content.full_content !== undefined)
    return 'content_omitted and full_content are only given in answers';
  switch (content.content_type) {
    case 'text':
      return content.text === undefined ? 'text content without text' : undefined;
    case 'image':
      return hasMedia(content.image) ? undefined : 'image content without an image url or uri';
    case 'audio':
      return hasMedia(content.audio) ? undefined : 'audio content without an audio url or uri';
    case 'video':
      return hasMedia(content.video) ? undefined : 'video content without a video url or uri';
    case 'multi_part': {
      if (nested) return 'a multi-part value may not nest another multi-part value';
      for (const part of content.multi_part ?? []) {
        const bad = illegal(part, true);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
  }
}

const isEmpty = (c: Content) =>
  (c.content_type === 'text' && (c.text ?? '') === '') ||
  (c.content_type === 'multi_part' && (c.multi_part ?? []).length === 0);

function checkCell(
  field: FieldSchema,
  content: Content,
  limits: DatasetLimits,
  schemas: JsonSchemas,
): CellError | undefined {
  const bad = illegal(content, false);
  if (bad !== undefined) return { code: 'illegal_content', message: `"${field.name}": ${bad}` };
  if (content.content_type !== field.contentType)
    return {
      code: 'mismatch_schema',
      message: `"${field.name}" holds ${field.contentType} content, not ${content.content_type}`,
    };
  if (content.content_type !== 'text' || content.text === undefined) return undefined;
  if (content.text === '' && field.valueType !== 'string') return undefined;
  const parsed = parseValue(content.text, field.valueType, limits.maxNestedDepth);
  if (!parsed.ok) return { code: parsed.error.code, message: `"${field.name}": ${parsed.error.message}` };
  return checkJsonSchema(field, parsed.value, schemas);
}

/** The rule an item breaks first, or undefined for a valid item; `byKey` is the schema by field key. */
export function checkItem(
  item: NewItem,
  byKey: ReadonlyMap<string, FieldSchema>,
  limits: DatasetLimits,
  schemas: JsonSchemas,
): CellError | undefined {
  if (item.itemKey !== undefined && (item.itemKey === '' || item.itemKey.length > MAX_ITEM_KEY))
    return { code: 'illegal_content', message: `itemKey must be 1–${MAX_ITEM_KEY} characters` };
  if (item.turns.length === 0 || item.turns.every((t) => Object.keys(t.fields).length === 0))
    return { code: 'empty_data', message: 'the item has no field values' };
  if (item.turns.length > MAX_TURNS)
    return { code: 'exceed_max_item_size', message: `an item has at most ${MAX_TURNS} turns` };
  const bytes = utf8Bytes(JSON.stringify(item.turns));
  if (bytes > limits.maxItemBytes)
    return {
      code: 'exceed_max_item_size',
      message: `the item is ${bytes} bytes, more than the ${limits.maxItemBytes} allowed`,
    };
  for (const turn of item.turns) {
    for (const [key, content] of Object.entries(turn.fields)) {
      const field = byKey.get(key);
      if (field === undefined)
        return { code: 'mismatch_schema', message: `no field "${key}" in the dataset's schema` };
      const bad = checkCell(field, content, limits, schemas);
      if (bad !== undefined) return bad;
    }
    for (const field of byKey.values()) {
      const content = turn.fields[field.key];
      if (field.required && (content === undefined || isEmpty(content)))
        return { code: 'missing_required_field', message: `the required field "${field.name}" is missing` };
    }
  }
  return undefined;
}

const GROUP_MESSAGES: Record<ItemErrorCode, string> = {
  mismatch_schema: 'values that do not match the schema',
  missing_required_field: 'a required field is missing',
  empty_data: 'items without values',
  exceed_max_item_size: 'items larger than allowed',
  exceed_max_nested_depth: 'values nested too deeply',
  exceed_dataset_capacity: 'more items than the dataset may hold',
  illegal_content: 'malformed content',
  get_media_failed: 'media that could not be fetched or is not allowed',
};

/** Issues grouped by rule, in the order rules were first broken, with at most `maxDetails` rows each. */
export function groupIssues(issues: readonly ItemIssue[], maxDetails = 5): ItemErrorGroup[] {
  const groups = new Map<ItemErrorCode, ItemErrorGroup>();
  for (const issue of issues) {
    let group = groups.get(issue.code);
    if (group === undefined)
      groups.set(
        issue.code,
        (group = { code: issue.code, message: GROUP_MESSAGES[issue.code], count: 0, details: [] }),
      );
    group.count++;
    if (group.details.length < maxDetails) group.details.push({ index: issue.index, message: issue.message });
  }
  return [...groups.values()];
}

/** Lower-cased text values the item search matches, each cut at `maxChars`. */
export function searchTextOf(turns: NewItem['turns'], maxChars: number): string {
  const parts: string[] = [];
  const add = (c: Content) => {
    if (c.text !== undefined && c.text !== '') parts.push(c.text.slice(0, maxChars));
    for (const p of c.multi_part ?? []) add(p);
  };
  for (const t of turns) for (const c of Object.values(t.fields)) add(c);
  return parts.join('\n').toLowerCase();
}
