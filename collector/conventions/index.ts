export { createLlmFieldMapper, emptyLlmFields, mapLlmFields } from './map-llm-fields';
export type { LlmFieldMapper } from './map-llm-fields';
export { conventionRules } from './rules';
export type {
  Convention,
  ConventionRules,
  FieldSource,
  IndexedLayout,
  MessageExtraction,
  MessageSource,
  NumberField,
  SpanTypeRule,
  TextField,
} from './rule-format';
