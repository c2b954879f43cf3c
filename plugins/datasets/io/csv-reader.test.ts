import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { DEFAULT_READ_LIMITS } from './formats';
import { allRows, repeatedSource } from './read-test-kit';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('CSV reader', () => {
  it('reads a header and rows, quoted cells spanning lines, with or without a BOM', async () => {
    const text = 'question,answer\n"What is\n""2+2""?",4\nplain,"a, b"\n';
    for (const bytes of [utf8(text), utf8('\uFEFF' + text)]) {
      expect(await allRows('csv', bytesSource(bytes, 5))).toEqual([
        { index: 0, cells: { question: 'What is\n"2+2"?', answer: '4' } },
        { index: 1, cells: { question: 'plain', answer: 'a, b' } },
      ]);
    }
  });

  it('reads CRLF line ends, empty cells, doubled quotes and a last line without a break', async () => {
    const rows = await allRows('csv', bytesSource(utf8('a,b,c\r\n,"x""y",\r\n"1",2,"3\r\n4"'), 3));
    expect(rows).toEqual([
      { index: 0, cells: { a: '', b: 'x"y', c: '' } },
      { index: 1, cells: { a: '1', b: '2', c: '3\r\n4' } },
    ]);
  });

  it('decodes GB18030, characters split across chunks included', async () => {
    const bytes = iconv.encode('问题,答案\n你好吗,很好\n', 'gb18030');
    const rows = await allRows('csv', bytesSource(bytes, 3), 'gb18030');
    expect(rows).toEqual([{ index: 0, cells: { 问题: '你好吗', 答案: '很好' } }]);
  });

  it('reports a row with the wrong number of cells and keeps reading', async () => {
    const rows = await allRows('csv', bytesSource(utf8('a,b\n1,2\n3\n4,5\n')));
    expect(rows).toEqual([
      { index: 0, cells: { a: '1', b: '2' } },
      { index: 1, error: 'line 3: 1 cells where the header has 2' },
      { index: 2, cells: { a: '4', b: '5' } },
    ]);
  });

  it('fails a truncated file (a quoted cell never closed), naming the reason', async () => {
    await expect(allRows('csv', bytesSource(utf8('a,b\n1,"unfinished\nstill')))).rejects.toThrow(
      /ends inside a quoted cell.*truncated/,
    );
  });

  it('fails a 200 MB line without holding it (bounded record size)', async () => {
    const source = repeatedSource('a,b\n', 0x61, 200 * 1024 * 1024);
    const limits = { ...DEFAULT_READ_LIMITS, maxLineChars: 1024 * 1024 };
    const before = process.memoryUsage().rss;
    await expect(allRows('csv', source, 'utf-8', limits)).rejects.toThrow(/longer than 1 MiB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses a header that names a column twice', async () => {
    await expect(allRows('csv', bytesSource(utf8('a,a\n1,2\n')))).rejects.toThrow(/"a" twice/);
  });
});
