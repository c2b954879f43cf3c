import type { AttributeValue, Attributes } from '../api/types';
import { prettyJson } from '../app/format';

export function attributeText(v: AttributeValue): string {
  if (typeof v === 'string') return prettyJson(v).pretty;
  return JSON.stringify(v, null, typeof v === 'object' && v !== null ? 2 : undefined);
}

/** Attributes sorted by key; long or structured values wrap in a preformatted block. */
export function AttributeTable({ attributes, label }: { attributes: Attributes; label: string }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">No {label.toLowerCase()}.</p>;
  return (
    <table className="kv-table">
      <caption>{label}</caption>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono">
              {k}
            </th>
            <td>
              <pre className="value">{attributeText(v)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
