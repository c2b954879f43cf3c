import { useState } from 'react';
import { ErrorBox } from '../app/error-box';
import { AddToDatasetDialog } from '../datasets/add-to-dataset';
import { searchFilterOf } from '../datasets/search-filter';
import { formatTime } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { rangeOf } from '../app/time-range';
import { useWorkspace } from '../app/workspace';
import { SavedViewsBar } from './saved-views-bar';
import { TraceFilters } from './trace-filters';
import { hasFilters, searchQuery, sortsByTime } from './trace-query';
import { TraceTable } from './trace-table';
import { POLL_MS, useTraceSearch } from './use-trace-search';

/** Search traces, watch new ones arrive, open one. */
export function TracesPage({ query }: { query: URLSearchParams }) {
  const ws = useWorkspace();
  const [paused, setPaused] = useState(false);
  const relative = rangeOf(query, Date.now()).relative && sortsByTime(query);
  const live = relative && !paused;
  const search = useTraceSearch(ws.api, query, live);
  const [adding, setAdding] = useState(false);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Traces</h1>
        <LiveIndicator
          live={live}
          relative={relative}
          polling={search.polling}
          updatedAt={search.updatedAt}
          onToggle={() => setPaused((p) => !p)}
        />
        <SavedViewsBar ws={ws.id} query={query} />
        {ws.can('write') && (
          <button type="button" className="small" onClick={() => setAdding(true)}>
            Add to dataset
          </button>
        )}
      </div>
      {adding && <AddSearchToDataset query={query} onClose={() => setAdding(false)} />}
      <TraceFilters query={query} onSearch={(q) => navigate(wsHref(ws.id, ['traces'], q))} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {search.fresh.size > 0 ? `${search.fresh.size} new trace${search.fresh.size === 1 ? '' : 's'}` : ''}
      </p>
      {search.error !== undefined && <ErrorBox error={search.error} title="Search failed" />}
      {search.traces.length === 0 && !search.loading && search.error === undefined ? (
        <div className="empty">
          <p>No traces {hasFilters(query) ? 'match these filters' : 'in this time range'}.</p>
          <p className="muted">
            Send spans with any OpenTelemetry SDK to the OTLP endpoint (HTTP <code>/v1/traces</code> or gRPC).
          </p>
        </div>
      ) : (
        <TraceTable ws={ws.id} traces={search.traces} fresh={search.fresh} caption="Traces, newest first" />
      )}
      <div className="table-foot">
        <span className="muted">
          {search.loading
            ? 'Loading…'
            : `${search.traces.length} trace${search.traces.length === 1 ? '' : 's'}`}
        </span>
        {search.hasMore && (
          <button type="button" onClick={search.loadMore} disabled={search.loading}>
            Load more
          </button>
        )}
      </div>
    </div>
  );
}

function LiveIndicator(props: {
  live: boolean;
  relative: boolean;
  polling: boolean;
  updatedAt: number | undefined;
  onToggle: () => void;
}) {
  const state = props.live ? 'on' : 'off';
  const title = props.relative
    ? props.live
      ? `New traces appear every ${POLL_MS / 1000} s`
      : 'Live updates paused'
    : 'A fixed time range, or an order other than newest first, does not update';
  return (
    <div className={`live live-${state}`} title={title}>
      <span className={props.polling ? 'live-dot pulsing' : 'live-dot'} aria-hidden="true" />
      <button
        type="button"
        className="small"
        aria-pressed={props.live}
        disabled={!props.relative}
        onClick={props.onToggle}
      >
        {props.live ? 'Live' : props.relative ? 'Paused' : 'Live off'}
      </button>
      {props.updatedAt !== undefined && (
        <span className="muted small-text">updated {formatTime(props.updatedAt)}</span>
      )}
    </div>
  );
}

const SEARCH_ROWS = 100;

/** The spans of this search (its filters and time range, the first SEARCH_ROWS) into a dataset. */
function AddSearchToDataset({ query, onClose }: { query: URLSearchParams; onClose: () => void }) {
  const [{ range, api }] = useState(() => searchQuery(query, Date.now()));
  const filter = searchFilterOf(api);
  return (
    <AddToDatasetDialog
      selection={{
        kind: 'search',
        search: {
          filter,
          start: range.from,
          end: range.to,
          limit: SEARCH_ROWS,
        },
        label: `Spans of this search, ${formatTime(range.from)} to ${formatTime(range.to)}${
          hasFilters(query) ? ', with its filters' : ''
        } (at most ${SEARCH_ROWS})`,
      }}
      onClose={onClose}
    />
  );
}
