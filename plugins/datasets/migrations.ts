import type { PostgresMigration } from '../sdk/index';

/** The datasets plugin's metadata (owner `plugin:datasets`). */
export const datasetMigrations: readonly PostgresMigration[] = [
  {
    version: 2,
    name: 'dataset import and export jobs',
    statements: [
      `CREATE TABLE dataset_io_jobs (
        id bigserial PRIMARY KEY,
        workspace_id text NOT NULL,
        dataset_id text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        phase text NOT NULL DEFAULT 'check',
        format text NOT NULL,
        encoding text NOT NULL,
        mode text NOT NULL,
        partial boolean NOT NULL,
        mapping jsonb,
        source jsonb NOT NULL,
        file_bytes bigint NOT NULL DEFAULT 0,
        total integer,
        processed integer NOT NULL DEFAULT 0,
        added integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        written_rows integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        message text,
        cancel_requested boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`,
      'CREATE INDEX dataset_io_jobs_by_dataset ON dataset_io_jobs (workspace_id, dataset_id, id DESC)',
      `CREATE INDEX dataset_io_jobs_open ON dataset_io_jobs (id) WHERE status IN ('uploading', 'pending', 'running')`,
      `CREATE TABLE dataset_io_chunks (
        job_id bigint NOT NULL REFERENCES dataset_io_jobs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        byte_offset bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`,
      `CREATE TABLE dataset_io_written (
        id bigserial PRIMARY KEY,
        job_id bigint NOT NULL REFERENCES dataset_io_jobs (id) ON DELETE CASCADE,
        item_ids text[] NOT NULL
      )`,
      'CREATE INDEX dataset_io_written_by_job ON dataset_io_written (job_id, id)',
    ],
  },
];
