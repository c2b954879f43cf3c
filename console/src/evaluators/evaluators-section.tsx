import { EvaluatorList } from './evaluator-list';
import { EvaluatorPage } from './evaluator-page';

/** Evaluators: the list with the built-in templates, and one evaluator's editor, versions and records. */
export function EvaluatorsSection({ rest }: { rest: string[]; query: URLSearchParams }) {
  const [id, tab] = rest;
  if (id === undefined) return <EvaluatorList />;
  return <EvaluatorPage evaluatorId={id} tab={tab ?? 'editor'} />;
}
