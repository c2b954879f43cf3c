import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { DEFAULT_READ_LIMITS } from './formats';
import { allRows, repeatedSource } from './read-test-kit';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('JSONL reader', () => {
  it('reads objects, skips blank lines and reports lines that are not objects', async () => {
    const rows = await allRows(
      'jsonl',
      bytesSource(utf8('{"q":"a","n":1}\n\n[1]\n{bad\n{"q":{"x":2}}\n'), 4),
    );
    expect(rows).toEqual([
      { index: 0, cells: { q: 'a', n: 1 } },
      { index: 1, error: 'line 3 is not a JSON object' },
      { index: 2, error: 'line 4 is not valid JSON' },
      { index: 3, cells: { q: { x: 2 } } },
    ]);
  });

  it('says a cut last line looks truncated; reads GB18030 and a BOM', async () => {
    const rows = await allRows('jsonl', bytesSource(utf8('\uFEFF{"q":"a"}\n{"q":"b')));
    expect(rows).toEqual([
      { index: 0, cells: { q: 'a' } },
      { index: 1, error: 'line 2 is not complete JSON (the file looks truncated)' },
    ]);
    const gb = await allRows('jsonl', bytesSource(iconv.encode('{"问":"好"}\n', 'gb18030'), 1), 'gb18030');
    expect(gb).toEqual([{ index: 0, cells: { 问: '好' } }]);
  });

  it('fails a line past the bound without holding it', async () => {
    const limits = { ...DEFAULT_READ_LIMITS, maxLineChars: 1024 * 1024 };
    await expect(
      allRows('jsonl', repeatedSource('{"a":1}\n', 0x61, 200 * 1024 * 1024), 'utf-8', limits),
    ).rejects.toThrow(/line 2 is longer than 1 MiB/);
  });
});
