import type { Draft, Label, Prompt, Version, VersionSummary } from './prompt-rows';
import type { PromptListItem } from './prompt-store';
import type {
  PromptDraftView,
  PromptLabelView,
  PromptListItemView,
  PromptVersionSummaryView,
  PromptVersionView,
  PromptView,
} from './view-schemas';

/** The API's shapes (camelCase, ISO times); the prompt's numeric id is a string, like every int64 we send. */
export const promptView = (p: Prompt): PromptView => ({
  id: String(p.id),
  key: p.key,
  name: p.name,
  description: p.description,
  createdBy: p.createdBy,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const promptListItemView = (p: PromptListItem): PromptListItemView => ({
  ...promptView(p),
  latestVersion: p.latestVersion,
  versionCount: p.versionCount,
  labels: p.labels,
});

export const versionSummaryView = (
  v: VersionSummary,
  labels: readonly Label[] = [],
): PromptVersionSummaryView => ({
  version: v.version,
  commitMessage: v.commitMessage,
  author: v.author,
  baseVersion: v.baseVersion,
  contentHash: v.contentHash,
  createdAt: v.createdAt.toISOString(),
  deletedAt: v.deletedAt?.toISOString() ?? null,
  labels: labels.filter((l) => l.version === v.version).map((l) => l.label),
});

export const versionView = (v: Version, labels: readonly Label[] = []): PromptVersionView => ({
  ...versionSummaryView(v, labels),
  template: v.template,
});

export const labelView = (l: Label): PromptLabelView => ({
  label: l.label,
  version: l.version,
  updatedBy: l.updatedBy,
  updatedAt: l.updatedAt.toISOString(),
});

export const draftView = (d: Draft): PromptDraftView => ({
  baseVersion: d.baseVersion,
  template: d.template,
  updatedAt: d.updatedAt.toISOString(),
});
