import { AppError } from '../../core/app-error';
import type { MetadataStore, SqlClient } from '../../core/metadata/types';
import { toLabel, type Label } from './prompt-rows';
import { lockPrompt, touchPrompt } from './prompt-store';

/** A prompt's labels by name. */
export async function labelsOf(sql: SqlClient, promptId: number): Promise<Label[]> {
  const rows = await sql.query(
    'SELECT label, version, updated_by, updated_at FROM prompt_labels WHERE prompt_id = $1 ORDER BY label',
    [promptId],
  );
  return rows.map(toLabel);
}

/** Points a label at a version (creating or moving it); the version must exist and not be deleted. */
export async function setLabel(
  store: Pick<MetadataStore, 'transaction'>,
  input: { workspaceId: string; key: string; label: string; version: string; by: string },
): Promise<Label> {
  return store.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, input.workspaceId, input.key);
    const target = await tx.query(
      'SELECT deleted_at FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
      [prompt.id, input.version],
    );
    if (target[0] === undefined || target[0].deleted_at !== null)
      throw new AppError('not_found', `version ${input.version} of "${input.key}" not found`);
    const rows = await tx.query(
      `INSERT INTO prompt_labels (prompt_id, label, version, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (prompt_id, label) DO UPDATE SET version = $3, updated_by = $4, updated_at = now()
       RETURNING label, version, updated_by, updated_at`,
      [prompt.id, input.label, input.version, input.by],
    );
    await touchPrompt(tx, prompt.id);
    return toLabel(rows[0]);
  });
}

export async function deleteLabel(
  store: Pick<MetadataStore, 'transaction'>,
  workspaceId: string,
  key: string,
  label: string,
): Promise<void> {
  await store.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, workspaceId, key);
    const rows = await tx.query(
      'DELETE FROM prompt_labels WHERE prompt_id = $1 AND label = $2 RETURNING label',
      [prompt.id, label],
    );
    if (rows[0] === undefined) throw new AppError('not_found', `prompt "${key}" has no label ${label}`);
    await touchPrompt(tx, prompt.id);
  });
}
