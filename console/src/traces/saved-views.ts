// Saved trace views: named filter sets kept in this browser, per workspace.

export interface SavedView {
  name: string;
  /** The console URL query of the traces page. */
  query: string;
}

const keyOf = (workspace: string) => `spanloop.views.${workspace}`;

export function loadViews(workspace: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(keyOf(workspace)) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as SavedView).name === 'string' &&
        typeof (v as SavedView).query === 'string',
    );
  } catch {
    return [];
  }
}

/** Saves (or replaces, by name) a view and returns the new list, sorted by name. */
export function saveView(workspace: string, view: SavedView): SavedView[] {
  const views = [...loadViews(workspace).filter((v) => v.name !== view.name), view].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  localStorage.setItem(keyOf(workspace), JSON.stringify(views));
  return views;
}

export function deleteView(workspace: string, name: string): SavedView[] {
  const views = loadViews(workspace).filter((v) => v.name !== name);
  localStorage.setItem(keyOf(workspace), JSON.stringify(views));
  return views;
}
