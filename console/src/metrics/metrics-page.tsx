import type { MetricsPoint, MetricsResult, MetricsSeries } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatCount, formatDurationMs } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { PRESETS, rangeOf } from '../app/time-range';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { LineChart, type ChartSeries } from './line-chart';

const SPAN_TYPES = [
  { id: 'llm', label: 'Model calls (llm)' },
  { id: '', label: 'All spans' },
  { id: 'agent', label: 'Agents' },
  { id: 'tool', label: 'Tools' },
  { id: 'retriever', label: 'Retrievers' },
  { id: 'embedding', label: 'Embeddings' },
];

const line = (
  name: string,
  series: MetricsSeries | undefined,
  pick: (p: MetricsPoint) => number,
): ChartSeries => ({
  name,
  values: new Map((series?.points ?? []).map((p) => [p.timestamp, pick(p)])),
});

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
    </div>
  );
}

/** Requests, errors, latency percentiles, tokens and cost over time; cost and tokens also by model. */
export function MetricsPage({ query }: { query: URLSearchParams }) {
  const ws = useWorkspace();
  const range = rangeOf(query, Date.now(), '24h');
  const spanType = query.get('spanType') ?? 'llm';
  const service = query.get('service') ?? '';
  const base = {
    from: range.from,
    to: range.to,
    spanType: spanType === '' ? undefined : spanType,
    service: service === '' ? undefined : service,
  };
  const key = `${ws.id}?${query.toString()}`;
  const all = useLoad(key, (signal) => ws.api.get<MetricsResult>('/metrics', base, signal), {
    keepPrevious: true,
  });
  const byModel = useLoad(
    key,
    (signal) => ws.api.get<MetricsResult>('/metrics', { ...base, groupBy: 'model' }, signal),
    {
      keepPrevious: true,
    },
  );

  const setQuery = (name: string, value: string) => {
    const q = new URLSearchParams(query);
    q.set(name, value);
    navigate(wsHref(ws.id, ['metrics'], q), { replace: true });
  };

  const total = all.data?.series[0];
  const sum = (pick: (p: MetricsPoint) => number) => (total?.points ?? []).reduce((a, p) => a + pick(p), 0);
  const requests = sum((p) => p.requests);
  const errors = sum((p) => p.errors);
  const worstP99 = Math.max(0, ...(total?.points ?? []).map((p) => p.latencyMs.p99));
  const chart = all.data ?? byModel.data;
  const frame = chart && { from: chart.from, to: chart.to, stepMs: chart.stepSeconds * 1000 };
  const models = (byModel.data?.series ?? []).map((s) => ({ label: s.labels.model || '(no model)', s }));

  return (
    <div className="page">
      <div className="page-head">
        <h1>Metrics</h1>
      </div>
      <div className="filters filter-row" role="group" aria-label="Metrics filters">
        <label className="field">
          <span>Time range</span>
          <select value={range.preset} onChange={(e) => setQuery('range', e.target.value)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Spans</span>
          <select value={spanType} onChange={(e) => setQuery('spanType', e.target.value)}>
            {SPAN_TYPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Service</span>
          <input
            defaultValue={service}
            onBlur={(e) => setQuery('service', e.target.value.trim())}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setQuery('service', e.currentTarget.value.trim());
            }}
          />
        </label>
      </div>
      {all.error !== undefined && <ErrorBox error={all.error} title="Metrics" onRetry={all.reload} />}
      {byModel.error !== undefined && (
        <ErrorBox error={byModel.error} title="Metrics by model" onRetry={byModel.reload} />
      )}
      <div className="tiles">
        <Tile label="Requests" value={formatCount(requests)} />
        <Tile
          label="Errors"
          value={`${formatCount(errors)} (${requests === 0 ? 0 : ((errors / requests) * 100).toFixed(1)}%)`}
        />
        <Tile label="Worst p99 latency" value={requests === 0 ? '–' : formatDurationMs(worstP99)} />
        <Tile label="Tokens" value={formatCount(sum((p) => p.totalTokens))} />
        <Tile label="Cost" value={formatCost(sum((p) => p.cost))} />
      </div>
      {frame && (
        <div className="charts">
          <LineChart
            title="Requests and errors"
            {...frame}
            fill={0}
            format={formatCount}
            series={[line('requests', total, (p) => p.requests), line('errors', total, (p) => p.errors)]}
          />
          <LineChart
            title="Latency percentiles"
            {...frame}
            format={formatDurationMs}
            series={[
              line('p50', total, (p) => p.latencyMs.p50),
              line('p90', total, (p) => p.latencyMs.p90),
              line('p99', total, (p) => p.latencyMs.p99),
            ]}
          />
          <LineChart
            title="Tokens"
            {...frame}
            fill={0}
            format={formatCount}
            series={[
              line('input', total, (p) => p.inputTokens),
              line('output', total, (p) => p.outputTokens),
            ]}
          />
          <LineChart
            title="Cost by model"
            {...frame}
            fill={0}
            format={formatCost}
            loading={byModel.loading}
            series={models.map((m) => line(m.label, m.s, (p) => p.cost))}
          />
          <LineChart
            title="Tokens by model"
            {...frame}
            fill={0}
            format={formatCount}
            loading={byModel.loading}
            series={models.map((m) => line(m.label, m.s, (p) => p.totalTokens))}
          />
        </div>
      )}
    </div>
  );
}
