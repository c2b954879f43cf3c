import type { MetadataStore, SqlClient } from '../../core/metadata/types';
import { hashTemplate } from './content-hash';
import { toDraft, type Draft } from './prompt-rows';
import { lockPrompt } from './prompt-store';
import type { PromptTemplate } from './template-schema';

/** Each caller (user or key) has one draft per prompt, tied to the version it started from. */
export async function draftOf(sql: SqlClient, promptId: number, owner: string): Promise<Draft | undefined> {
  const rows = await sql.query(
    'SELECT base_version, template, updated_at FROM prompt_drafts WHERE prompt_id = $1 AND owner = $2',
    [promptId, owner],
  );
  return rows[0] === undefined ? undefined : toDraft(rows[0]);
}

export async function saveDraft(
  store: Pick<MetadataStore, 'transaction'>,
  input: {
    workspaceId: string;
    key: string;
    owner: string;
    template: PromptTemplate;
    baseVersion: string | null;
  },
): Promise<Draft> {
  const { canonical } = hashTemplate(input.template);
  return store.transaction(async (tx) => {
    const prompt = await lockPrompt(tx, input.workspaceId, input.key);
    const rows = await tx.query(
      `INSERT INTO prompt_drafts (prompt_id, owner, base_version, template) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (prompt_id, owner) DO UPDATE SET base_version = $3, template = $4::jsonb, updated_at = now()
       RETURNING base_version, template, updated_at`,
      [prompt.id, input.owner, input.baseVersion, canonical],
    );
    return toDraft(rows[0]);
  });
}

/** Moves a draft's base after its owner committed it, keeping its content. */
export const rebaseDraft = (tx: SqlClient, promptId: number, owner: string, baseVersion: string) =>
  tx.query('UPDATE prompt_drafts SET base_version = $3 WHERE prompt_id = $1 AND owner = $2', [
    promptId,
    owner,
    baseVersion,
  ]);

/** Discards a draft; false when there was none. */
export async function deleteDraft(sql: SqlClient, promptId: number, owner: string): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM prompt_drafts WHERE prompt_id = $1 AND owner = $2 RETURNING owner',
    [promptId, owner],
  );
  return rows.length > 0;
}
