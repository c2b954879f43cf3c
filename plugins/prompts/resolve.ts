import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { sha256, canonicalJson } from './content-hash';
import { draftOf } from './draft-store';
import type { Prompt, Version } from './prompt-rows';
import { requirePrompt } from './prompt-store';
import type { PromptTemplate } from './template-schema';
import { latestVersion, versionByName } from './version-store';

/** Which content of a prompt a caller wants. */
export type Selector =
  | { kind: 'version'; version: string }
  | { kind: 'label'; label: string }
  | { kind: 'latest' }
  | { kind: 'draft'; owner: string };

export interface Resolved {
  prompt: Prompt;
  /** The committed version, or undefined for a draft. */
  version: Version | undefined;
  template: PromptTemplate;
  contentHash: string;
}

const notFound = (message: string) => new AppError('not_found', message);

/** A selector from `version` / `label` parameters: both at once is a 400, neither means the latest version. */
export function selectorOf(q: { version?: string | undefined; label?: string | undefined }): Selector {
  if (q.version !== undefined && q.label !== undefined)
    throw new AppError('invalid_argument', 'give either version or label, not both');
  if (q.version !== undefined) return { kind: 'version', version: q.version };
  if (q.label !== undefined && q.label !== 'latest') return { kind: 'label', label: q.label };
  return { kind: 'latest' };
}

/** The version a label points at, checked; a label can only point at a deleted version through a bug. */
async function byLabel(sql: SqlClient, prompt: Prompt, label: string): Promise<Version> {
  const rows = await sql.query('SELECT version FROM prompt_labels WHERE prompt_id = $1 AND label = $2', [
    prompt.id,
    label,
  ]);
  const name = rows[0]?.version;
  if (typeof name !== 'string') throw notFound(`prompt "${prompt.key}" has no label ${label}`);
  const version = await versionByName(sql, prompt.id, name);
  if (version === undefined || version.deletedAt !== null)
    throw new AppError(
      'conflict',
      `label ${label} of "${prompt.key}" points at version ${name}, which was deleted`,
    );
  return version;
}

async function committed(sql: SqlClient, prompt: Prompt, selector: Selector): Promise<Version> {
  switch (selector.kind) {
    case 'version': {
      const version = await versionByName(sql, prompt.id, selector.version);
      if (version === undefined) throw notFound(`version ${selector.version} of "${prompt.key}" not found`);
      if (version.deletedAt !== null)
        throw notFound(`version ${selector.version} of "${prompt.key}" was deleted`);
      return version;
    }
    case 'label':
      return byLabel(sql, prompt, selector.label);
    default: {
      const version = await latestVersion(sql, prompt.id);
      if (version === undefined) throw notFound(`prompt "${prompt.key}" has no committed version yet`);
      return version;
    }
  }
}

/** Finds the template a selector names; every miss is a 404 that says what is missing. */
export async function resolvePrompt(
  sql: SqlClient,
  workspaceId: string,
  key: string,
  selector: Selector,
): Promise<Resolved> {
  const prompt = await requirePrompt(sql, workspaceId, key);
  if (selector.kind === 'draft') {
    const draft = await draftOf(sql, prompt.id, selector.owner);
    if (draft === undefined) throw notFound(`there is no draft of "${key}" for this caller`);
    return {
      prompt,
      version: undefined,
      template: draft.template,
      contentHash: sha256(canonicalJson(draft.template)),
    };
  }
  const version = await committed(sql, prompt, selector);
  return { prompt, version, template: version.template, contentHash: version.contentHash };
}

/** Where a render or run takes its template from: an inline template, the caller's draft, a version or a label. */
export interface SourceInput {
  version?: string | undefined;
  label?: string | undefined;
  draft?: boolean | undefined;
  template?: PromptTemplate | undefined;
}

/** Resolves a body's source; an inline template still needs its prompt to exist (runs are linked to its key). */
export async function resolveSource(
  sql: SqlClient,
  workspaceId: string,
  key: string,
  source: SourceInput,
  owner: string,
): Promise<Resolved> {
  const named = [source.version, source.label, source.draft === true ? true : undefined, source.template];
  if (named.filter((x) => x !== undefined).length > 1)
    throw new AppError('invalid_argument', 'give one of version, label, draft or template');
  if (source.template !== undefined) {
    const prompt = await requirePrompt(sql, workspaceId, key);
    const contentHash = sha256(canonicalJson(source.template));
    return { prompt, version: undefined, template: source.template, contentHash };
  }
  if (source.draft === true) return resolvePrompt(sql, workspaceId, key, { kind: 'draft', owner });
  return resolvePrompt(sql, workspaceId, key, selectorOf(source));
}
