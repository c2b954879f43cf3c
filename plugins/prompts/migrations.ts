import type { PostgresMigration } from '../sdk/index';

/**
 * The prompts plugin's metadata. Every write to a prompt's versions, labels or drafts first locks the prompt's
 * row (`SELECT … FOR UPDATE`), so concurrent commits, label moves and deletions of one prompt run one at a time;
 * the unique keys are the last line of defence.
 */
export const promptMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'prompts, versions, labels, drafts',
    statements: [
      `CREATE TABLE prompts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`,
      // A deleted prompt frees its key; its versions stay for the traces that name them.
      `CREATE UNIQUE INDEX prompts_workspace_key ON prompts (workspace_id, key) WHERE deleted_at IS NULL`,
      `CREATE TABLE prompt_versions (
        prompt_id bigint NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        version text NOT NULL,
        seq integer NOT NULL,
        template jsonb NOT NULL,
        content_hash text NOT NULL,
        commit_message text NOT NULL DEFAULT '',
        author text NOT NULL,
        base_version text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        PRIMARY KEY (prompt_id, version),
        UNIQUE (prompt_id, seq)
      )`,
      `CREATE TABLE prompt_labels (
        prompt_id bigint NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        label text NOT NULL,
        version text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (prompt_id, label),
        FOREIGN KEY (prompt_id, version) REFERENCES prompt_versions (prompt_id, version)
      )`,
      `CREATE TABLE prompt_drafts (
        prompt_id bigint NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        owner text NOT NULL,
        base_version text,
        template jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (prompt_id, owner)
      )`,
    ],
  },
];
