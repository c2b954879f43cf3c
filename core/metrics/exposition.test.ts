import { describe, expect, it } from 'vitest';
import { formatExposition } from './exposition';

describe('formatExposition', () => {
  it('writes HELP, TYPE and samples, escaping label values and help text', () => {
    const text = formatExposition([
      {
        name: 'spanloop_x',
        help: 'line one\nback\\slash',
        type: 'gauge',
        samples: [
          { labels: [['model', 'a"b\\c\nd']], value: 1.5 },
          { labels: [], value: Number.NaN },
          { labels: [['model', '']], value: Infinity },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP spanloop_x line one\\nback\\\\slash',
        '# TYPE spanloop_x gauge',
        'spanloop_x{model="a\\"b\\\\c\\nd"} 1.5',
        'spanloop_x NaN',
        'spanloop_x{model=""} +Inf',
        '',
      ].join('\n'),
    );
  });

  it('throws on names that are not metric or label names', () => {
    expect(() => formatExposition([{ name: 'bad name', help: '', type: 'gauge', samples: [] }])).toThrow();
    expect(() =>
      formatExposition([
        { name: 'ok', help: '', type: 'gauge', samples: [{ labels: [['a-b', 'x']], value: 1 }] },
      ]),
    ).toThrow();
  });
});
