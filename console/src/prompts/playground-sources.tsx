import type { ApiClient } from '../api/client';
import type {
  DraftView,
  LabelView,
  ModelView,
  PromptTemplate,
  VariableDef,
  VersionSummary,
  VersionView,
} from '../api/prompt-types';

/** What the playground may run: committed versions, labels and whether the caller has a draft. */
export interface Sources {
  versions: VersionSummary[];
  labels: LabelView[];
  hasDraft: boolean;
}

export async function loadSources(api: ApiClient, path: string, signal: AbortSignal): Promise<Sources> {
  const [versions, labels, draft] = await Promise.all([
    api.get<{ versions: VersionSummary[] }>(`${path}/versions`, { limit: 100 }, signal),
    api.get<{ labels: LabelView[] }>(`${path}/labels`, undefined, signal),
    api.get<{ draft: DraftView }>(`${path}/draft`, undefined, signal).catch(() => undefined),
  ]);
  return { versions: versions.versions, labels: labels.labels, hasDraft: draft !== undefined };
}

/** The source chosen when the user has not picked one: the newest version, else the draft. */
export const defaultSource = (sources: Sources): string => {
  const first = sources.versions[0];
  return first ? `version:${first.version}` : 'draft';
};

/** `version:1.0.0`, `label:production` or `draft`, as the run body wants it. */
export function sourceBody(source: string): { draft?: true; label?: string; version?: string } {
  if (source === 'draft') return { draft: true };
  const at = source.indexOf(':');
  const [kind, name] = [source.slice(0, at), source.slice(at + 1)];
  return kind === 'label' ? { label: name } : { version: name };
}

/** The template a source runs (a label's version is read from the labels loaded with the sources). */
export async function loadTemplate(
  api: ApiClient,
  path: string,
  source: string,
  sources: Sources,
  signal: AbortSignal,
): Promise<PromptTemplate> {
  if (source === 'draft')
    return (await api.get<{ draft: DraftView }>(`${path}/draft`, undefined, signal)).draft.template;
  const body = sourceBody(source);
  const version =
    body.label !== undefined ? sources.labels.find((l) => l.label === body.label)?.version : body.version;
  if (version === undefined) throw new Error(`label ${String(body.label)} points nowhere`);
  const path2 = `${path}/versions/${encodeURIComponent(version)}`;
  return (await api.get<{ version: VersionView }>(path2, undefined, signal)).version.template;
}

/** Variables of several templates, each key once (the first definition wins). */
export function unionVariables(templates: readonly PromptTemplate[]): VariableDef[] {
  const seen = new Map<string, VariableDef>();
  for (const t of templates) for (const v of t.variables) if (!seen.has(v.key)) seen.set(v.key, v);
  return [...seen.values()];
}

/** The `<option>`s of a source picker. */
export function SourceOptions({ sources }: { sources: Sources }) {
  return (
    <>
      {sources.hasDraft && <option value="draft">Your draft</option>}
      {sources.labels.map((l) => (
        <option key={l.label} value={`label:${l.label}`}>
          Label {l.label} ({l.version})
        </option>
      ))}
      {sources.versions.map((v) => (
        <option key={v.version} value={`version:${v.version}`}>
          Version {v.version}
        </option>
      ))}
    </>
  );
}

/** The `<option>`s of a model picker, the first being the template's own model. */
export function ModelOptions({
  models,
  templateModel,
}: {
  models: ModelView[];
  templateModel?: string | undefined;
}) {
  const own = templateModel ? (models.find((m) => m.id === templateModel)?.name ?? templateModel) : undefined;
  return (
    <>
      <option value="">The prompt&apos;s model{own !== undefined ? ` (${own})` : ''}</option>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name} ({m.model})
        </option>
      ))}
    </>
  );
}
