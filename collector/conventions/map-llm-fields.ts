import type { LlmFields, NormalizedMessage, SpanType } from '../../schemas/llm-fields';
import type { Attributes, DecodedSpan } from '../../schemas/otlp-model';
import type {
  ConventionRules,
  FieldSource,
  MessageExtraction,
  NumberField,
  TextField,
  TimeUnit,
} from './rule-format';
import { compileDetect } from './detect';
import { extract } from './message-strategies';
import { conventionRules } from './rules';

export type LlmFieldMapper = (span: DecodedSpan, resource: Attributes) => LlmFields;

interface CompiledSource {
  bit: number;
  key: string;
  resource: boolean;
  firstSegment: boolean;
  inputExcludesCache: { providers: Set<string>; unlessKey: string | undefined } | undefined;
  /** Nanoseconds per unit of a time value; undefined for plain numbers. */
  nsPerUnit: number | undefined;
  sinceSpanStart: boolean;
}

const NS_PER_UNIT: Record<TimeUnit, number> = { s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
const MAX_SAFE_NS = BigInt(Number.MAX_SAFE_INTEGER);

type CompiledSpanTypeRule =
  | { bit: number; from: 'attribute'; key: string; values: Map<string, SpanType> }
  | { bit: number; from: 'spanName'; values: Map<string, SpanType> }
  | { bit: number; from: 'presence'; keys: string[]; type: SpanType };

const textFields: readonly TextField[] = [
  'provider',
  'requestModel',
  'responseModel',
  'sessionId',
  'userId',
  'promptKey',
  'promptVersion',
];
const numberFields: readonly NumberField[] = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
  'reportedCost',
  'timeToFirstTokenNs',
];

/**
 * Compiles convention rules into a mapper from a decoded span (and its resource) to the promoted LLM columns.
 * Conventions are tried in list order and the first one with a value wins each field; raw attributes are only read.
 *
 * @example
 * const map = createLlmFieldMapper(conventionRules);
 * const fields = map(span, resourceSpans.resource); // fields.spanType === 'llm', fields.inputTokens === 412, …
 */
export function createLlmFieldMapper(rules: ConventionRules): LlmFieldMapper {
  const detect = compileDetect(rules.conventions);
  const plan = emptyPlan();
  // Spans no convention recognises only consult the few resource-scoped sources.
  const resourcePlan = emptyPlan();
  const spanTypeRules: CompiledSpanTypeRule[] = [];
  const inputs: { bit: number; extraction: MessageExtraction }[] = [];
  const outputs: { bit: number; extraction: MessageExtraction }[] = [];

  rules.conventions.forEach((convention, i) => {
    const bit = 1 << i;
    for (const field of [...textFields, ...numberFields]) {
      for (const source of convention.fields[field] ?? []) {
        const compiled = compileSource(bit, source);
        addTo(plan, field, compiled);
        if (compiled.resource) addTo(resourcePlan, field, compiled);
      }
    }
    for (const rule of convention.spanType) {
      if (rule.from === 'presence') spanTypeRules.push({ ...rule, bit });
      else spanTypeRules.push({ ...rule, bit, values: lowerCaseMap(rule.values) });
    }
    for (const extraction of convention.input) inputs.push({ bit, extraction });
    for (const extraction of convention.output) outputs.push({ bit, extraction });
  });

  return (span, resource) => {
    const mask = detect(span);
    const fields = emptyLlmFields();
    resolveFields(mask === 0 ? resourcePlan : plan, fields, mask, span, resource.values);
    if (mask === 0) return fields;
    fields.spanType = spanTypeOf(spanTypeRules, mask, span);
    fields.input = firstMessages(inputs, mask, span);
    fields.output = firstMessages(outputs, mask, span);
    return fields;
  };
}

/** Sources per field, most specific first. */
type FieldPlan = Map<TextField | NumberField, CompiledSource[]>;

function emptyPlan(): FieldPlan {
  return new Map();
}

function addTo(plan: FieldPlan, field: TextField | NumberField, source: CompiledSource): void {
  plan.set(field, [...(plan.get(field) ?? []), source]);
}

/** Fills text and number fields from the first active source with a usable value, then reconciles usage. */
function resolveFields(
  plan: FieldPlan,
  fields: LlmFields,
  mask: number,
  span: DecodedSpan,
  resource: Record<string, string>,
): void {
  const values = span.attributes.values;
  let inputSource: CompiledSource | undefined;
  let totalReported = false;
  for (const [field, list] of plan) {
    if (isTextField(field)) {
      const hit = firstHit(list, mask, values, resource, (raw) => raw);
      if (hit !== undefined) fields[field] = hit.source.firstSegment ? firstSegment(hit.raw) : hit.raw;
      continue;
    }
    const hit = firstHit(list, mask, values, resource, (raw, source) =>
      numberValue(raw, source, span.startTimeUnixNano),
    );
    if (hit === undefined) continue;
    fields[field] = hit.value;
    if (field === 'inputTokens') inputSource = hit.source;
    if (field === 'totalTokens') totalReported = true;
  }
  const excludes = inputSource?.inputExcludesCache;
  if (
    excludes !== undefined &&
    excludes.providers.has(fields.provider.toLowerCase()) &&
    (excludes.unlessKey === undefined || values[excludes.unlessKey] === undefined)
  ) {
    const cached = fields.cacheReadTokens + fields.cacheWriteTokens;
    fields.inputTokens += cached;
    if (totalReported) fields.totalTokens += cached;
  }
  if (!totalReported) fields.totalTokens = fields.inputTokens + fields.outputTokens;
}

const textFieldSet: ReadonlySet<string> = new Set(textFields);
const isTextField = (field: TextField | NumberField): field is TextField => textFieldSet.has(field);

/** Maps a span with the shipped convention rules. */
export const mapLlmFields: LlmFieldMapper = createLlmFieldMapper(conventionRules);

/** The LLM columns of a span no convention recognises. */
export function emptyLlmFields(): LlmFields {
  return {
    spanType: 'other',
    provider: '',
    requestModel: '',
    responseModel: '',
    input: [],
    output: [],
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    reportedCost: undefined,
    timeToFirstTokenNs: 0,
    sessionId: '',
    userId: '',
    promptKey: '',
    promptVersion: '',
  };
}

function compileSource(bit: number, source: FieldSource): CompiledSource {
  if (typeof source === 'string') {
    return {
      bit,
      key: source,
      resource: false,
      firstSegment: false,
      inputExcludesCache: undefined,
      nsPerUnit: undefined,
      sinceSpanStart: false,
    };
  }
  const excludes = source.inputExcludesCache;
  return {
    bit,
    key: source.key,
    resource: source.scope === 'resource',
    firstSegment: source.transform === 'firstSegment',
    inputExcludesCache: excludes && {
      providers: new Set(excludes.providers.map((p) => p.toLowerCase())),
      unlessKey: excludes.unlessKey,
    },
    nsPerUnit: source.unit === undefined ? undefined : NS_PER_UNIT[source.unit],
    sinceSpanStart: source.since === 'spanStart',
  };
}

/** The first active source with a usable value; `convert` turns raw text into the value, undefined when unusable. */
function firstHit<T>(
  list: readonly CompiledSource[] | undefined,
  mask: number,
  span: Record<string, string>,
  resource: Record<string, string>,
  convert: (raw: string, source: CompiledSource) => T | undefined,
): { source: CompiledSource; raw: string; value: T } | undefined {
  if (list === undefined) return undefined;
  for (const source of list) {
    if (!source.resource && (mask & source.bit) === 0) continue;
    const raw = (source.resource ? resource : span)[source.key];
    if (raw === undefined || raw === '') continue;
    const value = convert(raw, source);
    if (value !== undefined) return { source, raw, value };
  }
  return undefined;
}

/**
 * A number field's value: counts and costs must be finite and non-negative (SDKs sometimes emit NaN for missing
 * usage); times become whole nanoseconds within the safe-integer range, or are unusable.
 */
function numberValue(raw: string, source: CompiledSource, spanStartNs: bigint): number | undefined {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const perUnit = source.nsPerUnit;
  if (perUnit === undefined) return n;
  if (source.sinceSpanStart) {
    // Epoch times in nanoseconds exceed 2^53: integer inputs are scaled exactly, in bigint.
    const scaled = Number.isSafeInteger(n) ? BigInt(n) * BigInt(perUnit) : bigintOf(n * perUnit);
    if (scaled === undefined) return undefined;
    const after = scaled - spanStartNs;
    return after >= 0n && after <= MAX_SAFE_NS ? Number(after) : undefined;
  }
  const ns = Math.round(n * perUnit);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

function bigintOf(n: number): bigint | undefined {
  return Number.isFinite(n) ? BigInt(Math.round(n)) : undefined;
}

function spanTypeOf(rules: readonly CompiledSpanTypeRule[], mask: number, span: DecodedSpan): SpanType {
  const values = span.attributes.values;
  for (const rule of rules) {
    if ((mask & rule.bit) === 0) continue;
    if (rule.from === 'presence') {
      if (rule.keys.some((k) => values[k] !== undefined)) return rule.type;
      continue;
    }
    const raw = rule.from === 'attribute' ? values[rule.key] : span.name;
    const type = raw === undefined ? undefined : rule.values.get(raw.toLowerCase());
    if (type !== undefined) return type;
  }
  return 'other';
}

function firstMessages(
  list: readonly { bit: number; extraction: MessageExtraction }[],
  mask: number,
  span: DecodedSpan,
): NormalizedMessage[] {
  for (const { bit, extraction } of list) {
    if ((mask & bit) === 0) continue;
    const messages = extract(extraction, span);
    if (messages.length > 0) return messages;
  }
  return [];
}

function lowerCaseMap<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

function firstSegment(value: string): string {
  const dot = value.indexOf('.');
  return dot < 0 ? value : value.slice(0, dot);
}
