import type { Draft, Label, Prompt, Version, VersionSummary } from './prompt-rows';
import type { PromptListItem } from './prompt-store';

/** The API's shapes (camelCase, ISO times); the prompt's numeric id is a string, like every int64 we send. */
export const promptView = (p: Prompt) => ({
  id: String(p.id),
  key: p.key,
  name: p.name,
  description: p.description,
  createdBy: p.createdBy,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const promptListItemView = (p: PromptListItem) => ({
  ...promptView(p),
  latestVersion: p.latestVersion,
  versionCount: p.versionCount,
  labels: p.labels,
});

export const versionSummaryView = (v: VersionSummary, labels: readonly Label[] = []) => ({
  version: v.version,
  commitMessage: v.commitMessage,
  author: v.author,
  baseVersion: v.baseVersion,
  contentHash: v.contentHash,
  createdAt: v.createdAt.toISOString(),
  deletedAt: v.deletedAt?.toISOString() ?? null,
  labels: labels.filter((l) => l.version === v.version).map((l) => l.label),
});

export const versionView = (v: Version, labels: readonly Label[] = []) => ({
  ...versionSummaryView(v, labels),
  template: v.template,
});

export const labelView = (l: Label) => ({
  label: l.label,
  version: l.version,
  updatedBy: l.updatedBy,
  updatedAt: l.updatedAt.toISOString(),
});

export const draftView = (d: Draft) => ({
  baseVersion: d.baseVersion,
  template: d.template,
  updatedAt: d.updatedAt.toISOString(),
});
