import { PromptList } from './prompt-list';
import { PromptPage } from './prompt-page';

/** Prompt management: the list, and one prompt's editor, versions and playground. */
export function PromptsSection({ rest }: { rest: string[]; query: URLSearchParams }) {
  const [key, tab] = rest;
  if (key === undefined) return <PromptList />;
  return <PromptPage promptKey={key} tab={tab ?? 'editor'} />;
}
