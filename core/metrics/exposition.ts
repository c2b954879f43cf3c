/** One sample: label pairs in order, and the value. */
export interface Sample {
  labels: readonly (readonly [string, string])[];
  value: number;
  /** Appended to the family name: `_bucket`, `_sum` and `_count` of a histogram. */
  suffix?: '_bucket' | '_sum' | '_count';
}

export interface MetricFamily {
  /** Must match [a-zA-Z_:][a-zA-Z0-9_:]*; names are constants, never data. */
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: readonly Sample[];
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

// Label values are user data (model names): backslash, quote and newline must be escaped, per the text format.
const labelValue = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const helpText = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const number = (v: number): string => {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
};

/** Prometheus text exposition format 0.0.4. A bad metric or label name is a bug and throws. */
export const formatExposition = (families: readonly MetricFamily[]): string => {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    lines.push(`# HELP ${family.name} ${helpText(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = sample.labels.map(([name, value]) => {
        if (!LABEL_NAME.test(name)) throw new Error(`invalid label name ${name}`);
        return `${name}="${labelValue(value)}"`;
      });
      lines.push(
        `${family.name}${sample.suffix ?? ''}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${number(sample.value)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
};
