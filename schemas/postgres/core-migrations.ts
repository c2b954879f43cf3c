import type { PostgresMigrationSet } from './migration';

/** The metadata schema Spanloop itself owns; plugins bring their own sets under their own owner name. */
export const coreMetadataMigrations: PostgresMigrationSet = {
  owner: 'core',
  migrations: [
    {
      version: 1,
      name: 'workspaces, users, members, api keys, sessions',
      statements: [
        `CREATE TABLE workspaces (
          id text PRIMARY KEY,
          name text NOT NULL UNIQUE,
          retention_days integer CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 36500),
          created_at timestamptz NOT NULL DEFAULT now()
        )`,
        `CREATE TABLE users (
          id text PRIMARY KEY,
          email text NOT NULL UNIQUE,
          display_name text NOT NULL DEFAULT '',
          password_hash text,
          created_at timestamptz NOT NULL DEFAULT now()
        )`,
        `CREATE TABLE workspace_members (
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (workspace_id, user_id)
        )`,
        `CREATE INDEX workspace_members_user ON workspace_members (user_id)`,
        `CREATE TABLE api_keys (
          id text PRIMARY KEY,
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          name text NOT NULL,
          public_key text NOT NULL UNIQUE,
          secret_prefix text NOT NULL,
          secret_hash text NOT NULL UNIQUE,
          scopes text[] NOT NULL,
          created_by text REFERENCES users (id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          expires_at timestamptz,
          last_used_at timestamptz,
          revoked_at timestamptz
        )`,
        `CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at)`,
        `CREATE TABLE user_sessions (
          token_hash text PRIMARY KEY,
          user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          created_at timestamptz NOT NULL DEFAULT now(),
          expires_at timestamptz NOT NULL
        )`,
        `CREATE INDEX user_sessions_user ON user_sessions (user_id)`,
      ],
    },
    {
      version: 2,
      name: 'model providers and models',
      statements: [
        // Keys and header values are sealed with the server key (AES-256-GCM); only a hint stays readable.
        `CREATE TABLE model_providers (
          id text PRIMARY KEY,
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          name text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('openai', 'anthropic')),
          vendor text,
          base_url text,
          api_version text,
          api_key_sealed text,
          api_key_hint text,
          headers_sealed text,
          header_names text[] NOT NULL DEFAULT '{}',
          timeout_ms integer NOT NULL CHECK (timeout_ms > 0),
          max_retries integer NOT NULL CHECK (max_retries >= 0),
          rate_limit_rpm integer CHECK (rate_limit_rpm IS NULL OR rate_limit_rpm > 0),
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (workspace_id, name),
          UNIQUE (workspace_id, id)
        )`,
        // The composite key keeps a model's provider in the model's own workspace.
        `CREATE TABLE models (
          id text PRIMARY KEY,
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          provider_id text NOT NULL,
          name text NOT NULL,
          model text NOT NULL,
          param_schema jsonb NOT NULL DEFAULT '[]',
          default_params jsonb NOT NULL DEFAULT '{}',
          context_window integer,
          pricing jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (workspace_id, name),
          FOREIGN KEY (workspace_id, provider_id) REFERENCES model_providers (workspace_id, id)
        )`,
        `CREATE INDEX models_provider ON models (workspace_id, provider_id)`,
      ],
    },
    {
      version: 3,
      name: 'files uploaded by the Cozeloop SDKs',
      statements: [
        // One row per (workspace, key): an upload of the same key replaces the content in place.
        `CREATE TABLE files (
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          key text NOT NULL CHECK (length(key) BETWEEN 1 AND 512),
          content_type text NOT NULL,
          bytes bigint NOT NULL CHECK (bytes >= 0),
          sha256 text NOT NULL,
          data bytea NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (workspace_id, key)
        )`,
      ],
    },
    {
      version: 4,
      name: 'instance administrators and workspace invitations',
      statements: [
        `ALTER TABLE users ADD COLUMN instance_admin boolean NOT NULL DEFAULT false`,
        // The first user of an existing instance is the administrator created at first start.
        `UPDATE users SET instance_admin = true WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)`,
        // One pending invitation per workspace and email; only the token's hash is kept.
        `CREATE TABLE workspace_invitations (
          id text PRIMARY KEY,
          workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          email text NOT NULL,
          role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
          token_hash text NOT NULL UNIQUE,
          invited_by text REFERENCES users (id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          expires_at timestamptz NOT NULL,
          UNIQUE (workspace_id, email)
        )`,
        `CREATE INDEX workspace_invitations_email ON workspace_invitations (email)`,
      ],
    },
  ],
};
