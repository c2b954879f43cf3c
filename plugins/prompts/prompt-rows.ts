import { z } from 'zod';
import { PromptTemplate } from './template-schema';

/** Rows as the metadata store returns them, parsed once when read back. */
const PromptRow = z.object({
  id: z.coerce.number().int(),
  workspace_id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  created_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

const VersionRow = z.object({
  prompt_id: z.coerce.number().int(),
  version: z.string(),
  seq: z.number().int(),
  template: PromptTemplate,
  content_hash: z.string(),
  commit_message: z.string(),
  author: z.string(),
  base_version: z.string().nullable(),
  created_at: z.date(),
  deleted_at: z.date().nullable(),
});

const VersionSummaryRow = VersionRow.omit({ template: true });

const LabelRow = z.object({
  label: z.string(),
  version: z.string(),
  updated_by: z.string(),
  updated_at: z.date(),
});

const DraftRow = z.object({
  base_version: z.string().nullable(),
  template: PromptTemplate,
  updated_at: z.date(),
});

export interface Prompt {
  id: number;
  workspaceId: string;
  key: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionSummary {
  promptId: number;
  version: string;
  seq: number;
  contentHash: string;
  commitMessage: string;
  author: string;
  baseVersion: string | null;
  createdAt: Date;
  deletedAt: Date | null;
}

export interface Version extends VersionSummary {
  template: PromptTemplate;
}

export interface Label {
  label: string;
  version: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface Draft {
  baseVersion: string | null;
  template: PromptTemplate;
  updatedAt: Date;
}

export const PROMPT_COLUMNS = 'id, workspace_id, key, name, description, created_by, created_at, updated_at';
export const VERSION_SUMMARY_COLUMNS =
  'prompt_id, version, seq, content_hash, commit_message, author, base_version, created_at, deleted_at';
export const VERSION_COLUMNS = `${VERSION_SUMMARY_COLUMNS}, template`;

export const toPrompt = (row: unknown): Prompt => {
  const r = PromptRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    key: r.key,
    name: r.name,
    description: r.description,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

const summaryOf = (r: z.output<typeof VersionSummaryRow>): VersionSummary => ({
  promptId: r.prompt_id,
  version: r.version,
  seq: r.seq,
  contentHash: r.content_hash,
  commitMessage: r.commit_message,
  author: r.author,
  baseVersion: r.base_version,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
});

export const toVersionSummary = (row: unknown): VersionSummary => summaryOf(VersionSummaryRow.parse(row));

export const toVersion = (row: unknown): Version => {
  const r = VersionRow.parse(row);
  return { ...summaryOf(r), template: r.template };
};

export const toLabel = (row: unknown): Label => {
  const r = LabelRow.parse(row);
  return { label: r.label, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at };
};

export const toDraft = (row: unknown): Draft => {
  const r = DraftRow.parse(row);
  return { baseVersion: r.base_version, template: r.template, updatedAt: r.updated_at };
};
