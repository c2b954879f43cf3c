import type { PostgresMigration } from '../sdk/index';

/** `del_vn` of a row the draft still holds: no version has removed it. */
export const OPEN_VN = 2147483647;

/**
 * The datasets plugin's metadata (owner `plugin:datasets`). Versions are Cozeloop's MVCC: `datasets.next_version_num`
 * is the draft; an item row is visible in version N when `add_vn <= N < del_vn`, so committing a version records
 * it and bumps the number without copying a row. Every write to a dataset first locks its row (`FOR UPDATE`), so
 * writers of one dataset run one at a time; the unique indexes are the last line of defence.
 */
export const datasetMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'datasets, versions, item rows',
    statements: [
      `CREATE TABLE datasets (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL DEFAULT 'general',
        tags text[] NOT NULL DEFAULT '{}',
        fields jsonb NOT NULL,
        next_version_num integer NOT NULL DEFAULT 1,
        draft_item_count integer NOT NULL DEFAULT 0,
        draft_changed boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`,
      // A deleted dataset frees its name; its versions stay for the experiments that pinned them.
      `CREATE UNIQUE INDEX datasets_workspace_name ON datasets (workspace_id, name) WHERE deleted_at IS NULL`,
      `CREATE INDEX datasets_workspace_id ON datasets (workspace_id, id)`,
      `CREATE TABLE dataset_versions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dataset_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        version text NOT NULL,
        version_num integer NOT NULL,
        description text NOT NULL DEFAULT '',
        fields jsonb NOT NULL,
        item_count integer NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, version),
        UNIQUE (dataset_id, version_num)
      )`,
      `CREATE SEQUENCE dataset_item_ids`,
      `CREATE TABLE dataset_items (
        row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dataset_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        item_id bigint NOT NULL,
        item_key text,
        add_vn integer NOT NULL,
        del_vn integer NOT NULL DEFAULT ${OPEN_VN},
        turns jsonb NOT NULL,
        search_text text NOT NULL DEFAULT '',
        source_trace_id text,
        source_span_id text,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Pages of any version walk this index by item id and skip the rows that version cannot see.
      `CREATE INDEX dataset_items_page ON dataset_items (dataset_id, item_id, add_vn, del_vn)`,
      // The draft holds one row per item and one item per key.
      `CREATE UNIQUE INDEX dataset_items_draft_id ON dataset_items (dataset_id, item_id) WHERE del_vn = ${OPEN_VN}`,
      `CREATE UNIQUE INDEX dataset_items_draft_key ON dataset_items (dataset_id, item_key)
        WHERE del_vn = ${OPEN_VN} AND item_key IS NOT NULL`,
    ],
  },
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
