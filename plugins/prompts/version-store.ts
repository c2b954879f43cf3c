import { AppError } from '../../core/app-error';
import type { MetadataStore, SqlClient } from '../../core/metadata/types';
import { hashTemplate } from './content-hash';
import {
  VERSION_COLUMNS,
  VERSION_SUMMARY_COLUMNS,
  toVersion,
  toVersionSummary,
  type Version,
  type VersionSummary,
} from './prompt-rows';
import { lockPrompt, touchPrompt } from './prompt-store';
import type { PromptTemplate } from './template-schema';
import { nextVersion } from './version-name';

export interface CommitInput {
  workspaceId: string;
  key: string;
  /** The version's name; the next one after the last commit when absent. */
  version?: string | undefined;
  template: PromptTemplate;
  commitMessage: string;
  author: string;
  baseVersion?: string | null | undefined;
}

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/**
 * Freezes a template as a new immutable version. The prompt's row is locked for the commit, so concurrent commits
 * of one prompt each get their own version; naming a version that exists (or existed) is a 409.
 */
export async function commitVersion(
  store: Pick<MetadataStore, 'transaction'>,
  input: CommitInput,
): Promise<Version> {
  const { canonical, hash } = hashTemplate(input.template);
  try {
    return await store.transaction(async (tx) => {
      const prompt = await lockPrompt(tx, input.workspaceId, input.key);
      const existing = await tx.query(
        'SELECT version, seq, deleted_at FROM prompt_versions WHERE prompt_id = $1 ORDER BY seq',
        [prompt.id],
      );
      const taken = new Map(existing.map((r) => [String(r.version), r.deleted_at !== null]));
      const last = existing.at(-1);
      if (input.version !== undefined && taken.has(input.version))
        throw new AppError(
          'conflict',
          taken.get(input.version) === true
            ? `version ${input.version} of "${input.key}" was deleted; version names are never reused`
            : `version ${input.version} of "${input.key}" already exists; versions are immutable`,
        );
      const version =
        input.version ??
        nextVersion(last === undefined ? undefined : String(last.version), new Set(taken.keys()));
      const rows = await tx.query(
        `INSERT INTO prompt_versions
           (prompt_id, version, seq, template, content_hash, commit_message, author, base_version)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING ${VERSION_COLUMNS}`,
        [
          prompt.id,
          version,
          last === undefined ? 1 : Number(last.seq) + 1,
          canonical,
          hash,
          input.commitMessage,
          input.author,
          input.baseVersion ?? null,
        ],
      );
      await touchPrompt(tx, prompt.id);
      return toVersion(rows[0]);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError(
        'conflict',
        `version ${input.version ?? ''} of "${input.key}" was committed concurrently`,
      );
    throw e;
  }
}

/** A prompt's versions, newest first, without their templates; deleted ones only when asked. */
export async function listVersions(
  sql: SqlClient,
  promptId: number,
  opts: { includeDeleted: boolean; beforeSeq?: number | undefined; limit: number },
): Promise<VersionSummary[]> {
  const rows = await sql.query(
    `SELECT ${VERSION_SUMMARY_COLUMNS} FROM prompt_versions
     WHERE prompt_id = $1 AND ($2 OR deleted_at IS NULL) AND seq < $3 ORDER BY seq DESC LIMIT $4`,
    [promptId, opts.includeDeleted, opts.beforeSeq ?? 2_147_483_647, opts.limit],
  );
  return rows.map(toVersionSummary);
}

/** One version by name, deleted or not. */
export async function versionByName(
  sql: SqlClient,
  promptId: number,
  version: string,
): Promise<Version | undefined> {
  const rows = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE prompt_id = $1 AND version = $2`,
    [promptId, version],
  );
  return rows[0] === undefined ? undefined : toVersion(rows[0]);
}

/** The newest version that is not deleted. */
export async function latestVersion(sql: SqlClient, promptId: number): Promise<Version | undefined> {
  const rows = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE prompt_id = $1 AND deleted_at IS NULL
     ORDER BY seq DESC LIMIT 1`,
    [promptId],
  );
  return rows[0] === undefined ? undefined : toVersion(rows[0]);
}

/**
 * Deletes a version. A version a label points at cannot be deleted (409 naming the labels): a label never
 * resolves to nothing. The name stays taken.
 */
export async function deleteVersion(
  store: Pick<MetadataStore, 'transaction'>,
  workspaceId: string,
  key: string,
  version: string,
): Promise<void> {
  await store.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, workspaceId, key);
    const rows = await tx.query(
      'SELECT deleted_at FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
      [prompt.id, version],
    );
    if (rows[0] === undefined || rows[0].deleted_at !== null)
      throw new AppError('not_found', `version ${version} of "${key}" not found`);
    const labels = await tx.query(
      'SELECT label FROM prompt_labels WHERE prompt_id = $1 AND version = $2 ORDER BY label',
      [prompt.id, version],
    );
    if (labels.length > 0)
      throw new AppError(
        'conflict',
        `version ${version} of "${key}" is labelled ${labels.map((l) => String(l.label)).join(', ')}; move or remove those labels first`,
      );
    await tx.query('UPDATE prompt_versions SET deleted_at = now() WHERE prompt_id = $1 AND version = $2', [
      prompt.id,
      version,
    ]);
  });
}
