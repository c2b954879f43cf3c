export { createCodeRuntime, codeSandboxRuntime, type CodeRuntimeOptions } from './code-runtime';
export { CODE_TEMPLATES, codeTemplate, type CodeTemplate, type CodeTemplateName } from './code-templates';
export { buildTurn, type Turn } from './turn';
