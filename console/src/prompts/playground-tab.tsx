import { useState } from 'react';
import type { MockToolResponse } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { Tabs } from '../app/tabs';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { CompareRun } from './compare-run';
import { loadSources } from './playground-sources';
import { SingleRun } from './single-run';

const MODES = [
  { id: 'single', label: 'Single run' },
  { id: 'compare', label: 'Compare' },
] as const;

/**
 * Runs the prompt (draft, version or label) with variables against a model: one streamed conversation, or
 * several variants side by side. Variable values and mock tool responses are shared by both modes.
 */
export function PlaygroundTab({ promptKey }: { promptKey: string }) {
  const ws = useWorkspace();
  const path = `/prompts/${encodeURIComponent(promptKey)}`;
  const sources = useLoad(`${ws.id}/${promptKey}/sources`, (signal) => loadSources(ws.api, path, signal));
  const [mode, setMode] = useState<string>('single');
  const [values, setValues] = useState<Record<string, string>>({});
  const [mocks, setMocks] = useState<MockToolResponse[]>([]);
  const onValue = (key: string, text: string) => setValues((x) => ({ ...x, [key]: text }));

  if (sources.error !== undefined) return <ErrorBox error={sources.error} onRetry={sources.reload} />;
  if (sources.data === undefined) return <p className="loading">Loading…</p>;
  const shared = { path, sources: sources.data, values, onValue, mocks, onMocks: setMocks };
  return (
    <Tabs tabs={MODES} current={mode} onChange={setMode} label="Playground mode">
      {mode === 'single' ? <SingleRun {...shared} /> : <CompareRun {...shared} />}
    </Tabs>
  );
}
