import { useState, type FormEvent } from 'react';
import type { ModelView, ProviderKind, ProviderView } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';

function ProviderForm({ onCreated }: { onCreated: () => void }) {
  const ws = useWorkspace();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ProviderKind>('openai');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const body = {
      name: name.trim(),
      kind,
      ...(baseUrl.trim() === '' ? {} : { baseUrl: baseUrl.trim() }),
      ...(apiKey === '' ? {} : { apiKey }),
    };
    ws.api.post<ProviderView>('/model-providers', body).then(() => {
      setName('');
      setBaseUrl('');
      setApiKey('');
      onCreated();
    }, setError);
  };
  return (
    <form className="stack-form" onSubmit={submit} aria-label="Add a provider">
      <h3>Add a provider</h3>
      <label className="field">
        <span>Name</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="openai" />
      </label>
      <label className="field">
        <span>API protocol</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
          <option value="openai">OpenAI chat completions (and compatible servers)</option>
          <option value="anthropic">Anthropic messages</option>
        </select>
      </label>
      <label className="field">
        <span>Base URL (empty = the provider&apos;s default)</span>
        <input
          type="url"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          placeholder="https://api.openai.com/v1"
        />
      </label>
      <p className="muted">
        Local and private addresses (Ollama or vLLM on 127.0.0.1, servers on your network) are refused unless
        the operator allows them with SPANLOOP_EGRESS_ALLOW.
      </p>
      <label className="field">
        <span>API key (stored encrypted, never shown again)</span>
        <input
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <button type="submit" className="primary">
        Add provider
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

/** Points a provider elsewhere; the server drops a stored key not entered again in the same change. */
function ProviderMoveForm({ providers, onChanged }: { providers: ProviderView[]; onChanged: () => void }) {
  const ws = useWorkspace();
  const [providerId, setProviderId] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [dropped, setDropped] = useState<string>();
  const id = providerId || providers[0]?.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setDropped(undefined);
    const body = {
      baseUrl: baseUrl.trim() === '' ? null : baseUrl.trim(),
      ...(apiKey === '' ? {} : { apiKey }),
    };
    ws.api.patch<ProviderView>(`/model-providers/${id}`, body).then((p) => {
      if (p.secretsDropped !== undefined)
        setDropped(
          `Provider ${p.name} now has no ${p.secretsDropped.map((s) => (s === 'apiKey' ? 'API key' : 'headers')).join(' or ')}: enter the key again to use it.`,
        );
      setBaseUrl('');
      setApiKey('');
      onChanged();
    }, setError);
  };
  if (providers.length === 0) return null;
  return (
    <form className="stack-form" onSubmit={submit} aria-label="Change a provider's base URL">
      <h3>Change a provider&apos;s base URL</h3>
      <p className="notice" role="note">
        The stored API key is only sent where it was entered: changing the base URL removes it unless you
        enter the key again here.
      </p>
      <label className="field">
        <span>Provider</span>
        <select value={id} onChange={(e) => setProviderId(e.target.value)}>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>New base URL (empty = the provider&apos;s default)</span>
        <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
      </label>
      <label className="field">
        <span>API key for the new base URL (empty = none)</span>
        <input
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <button type="submit">Change base URL</button>
      {dropped !== undefined && (
        <p className="notice" role="status">
          {dropped}
        </p>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

function ModelForm({ providers, onCreated }: { providers: ProviderView[]; onCreated: () => void }) {
  const ws = useWorkspace();
  const [providerId, setProviderId] = useState('');
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [inputPrice, setInputPrice] = useState('');
  const [outputPrice, setOutputPrice] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const priced = inputPrice !== '' && outputPrice !== '';
    const body = {
      providerId: providerId || providers[0]?.id,
      name: name.trim(),
      model: model.trim(),
      ...(priced
        ? { pricing: { inputPrice: Number(inputPrice) / 1e6, outputPrice: Number(outputPrice) / 1e6 } }
        : {}),
    };
    ws.api.post<ModelView>('/models', body).then(() => {
      setName('');
      setModel('');
      onCreated();
    }, setError);
  };
  if (providers.length === 0)
    return <p className="muted">Add a provider first, then the models to call through it.</p>;
  return (
    <form className="stack-form" onSubmit={submit} aria-label="Add a model">
      <h3>Add a model</h3>
      <label className="field">
        <span>Provider</span>
        <select value={providerId || providers[0]?.id} onChange={(e) => setProviderId(e.target.value)}>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Name in Spanloop</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="fast" />
      </label>
      <label className="field">
        <span>Provider&apos;s model id</span>
        <input required value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o-mini" />
      </label>
      <div className="row">
        <label className="field">
          <span>Input price (USD per 1M tokens, optional)</span>
          <input
            type="number"
            min={0}
            step="any"
            value={inputPrice}
            onChange={(e) => setInputPrice(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Output price (USD per 1M tokens)</span>
          <input
            type="number"
            min={0}
            step="any"
            value={outputPrice}
            onChange={(e) => setOutputPrice(e.target.value)}
          />
        </label>
      </div>
      <button type="submit" className="primary">
        Add model
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

/** Model providers (keys stay on the server) and the models prompts and the playground call through them. */
export function ModelProviderSettings() {
  const ws = useWorkspace();
  const data = useLoad(`${ws.id}/providers`, async (signal) => {
    const [providers, models] = await Promise.all([
      ws.api.get<{ providers: ProviderView[] }>('/model-providers', undefined, signal),
      ws.api.get<{ models: ModelView[] }>('/models', undefined, signal),
    ]);
    return { providers: providers.providers, models: models.models };
  });
  const [error, setError] = useState<unknown>();
  const remove = (path: string, what: string) => {
    if (!window.confirm(`Delete ${what}?`)) return;
    setError(undefined);
    ws.api.del(path).then(() => data.reload(), setError);
  };
  if (data.error !== undefined) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (data.data === undefined) return <p className="loading">Loading…</p>;
  const { providers, models } = data.data;
  // Providers decide where keys and prompts are sent: owners and admins change them.
  const writer = ws.can('admin');
  const providerName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  return (
    <div>
      <h2>Model providers</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Model providers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Protocol</th>
              <th scope="col">Vendor</th>
              <th scope="col">Base URL</th>
              <th scope="col">API key</th>
              <th scope="col">Timeout / retries</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.kind}</td>
                <td>{p.vendor}</td>
                <td className="mono">{p.baseUrl ?? 'default'}</td>
                <td>{p.hasApiKey ? `set${p.apiKeyHint ? ` (…${p.apiKeyHint})` : ''}` : 'none'}</td>
                <td>
                  {p.timeoutMs / 1000}s / {p.maxRetries}
                </td>
                <td>
                  {writer && (
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => remove(`/model-providers/${p.id}`, `provider ${p.name}`)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Models</h2>
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Models</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model id</th>
              <th scope="col">Provider</th>
              <th scope="col">Price (USD / 1M tokens in, out)</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td className="mono">{m.model}</td>
                <td>{providerName(m.providerId)}</td>
                <td>
                  {m.pricing
                    ? `${m.pricing.inputPrice * 1e6}, ${m.pricing.outputPrice * 1e6}`
                    : 'price table'}
                </td>
                <td>
                  {writer && (
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => remove(`/models/${m.id}`, `model ${m.name}`)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {writer ? (
        <>
          <div className="split-2">
            <ProviderForm onCreated={data.reload} />
            <ModelForm providers={providers} onCreated={data.reload} />
          </div>
          <ProviderMoveForm providers={providers} onChanged={data.reload} />
        </>
      ) : (
        <p className="notice" role="note">
          Your role can use these models but not change them: owners and admins do.
        </p>
      )}
    </div>
  );
}
