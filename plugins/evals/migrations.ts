import type { PostgresMigration } from '../sdk/index';

/**
 * The evaluators plugin's metadata (owner `plugin:evaluators`). Versions are written once and never updated; a
 * record keeps the evaluator's original output beside a human correction. Secrets (an http evaluator's HMAC key)
 * are sealed with the server key (PluginContext.secrets), bound to the evaluator's workspace and id.
 */
export const evaluatorMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'evaluators, versions, records',
    statements: [
      `CREATE TABLE evaluators (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        type text NOT NULL,
        draft_spec jsonb NOT NULL,
        draft_secret text,
        draft_changed boolean NOT NULL DEFAULT true,
        builtin boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`,
      // A deleted evaluator frees its name; its versions and records stay for the experiments that used them.
      `CREATE UNIQUE INDEX evaluators_workspace_name ON evaluators (workspace_id, name) WHERE deleted_at IS NULL`,
      `CREATE TABLE evaluator_versions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        evaluator_id bigint NOT NULL REFERENCES evaluators (id) ON DELETE CASCADE,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        version text NOT NULL,
        description text NOT NULL DEFAULT '',
        spec jsonb NOT NULL,
        secret text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (evaluator_id, version)
      )`,
      `CREATE TABLE evaluator_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        evaluator_id bigint REFERENCES evaluators (id) ON DELETE CASCADE,
        evaluator_version_id bigint REFERENCES evaluator_versions (id) ON DELETE CASCADE,
        evaluator_name text NOT NULL,
        evaluator_type text NOT NULL,
        status text NOT NULL,
        input jsonb NOT NULL,
        output jsonb,
        correction jsonb,
        judged_trace_id text,
        judged_span_id text,
        trace_id text,
        span_id text,
        invoke_id text UNIQUE,
        callback_url text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX evaluator_records_evaluator ON evaluator_records (evaluator_id, id DESC)`,
      `CREATE INDEX evaluator_records_workspace ON evaluator_records (workspace_id, id DESC)`,
    ],
  },
];
