import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { DEFAULT_READ_LIMITS } from './formats';
import { allRows } from './read-test-kit';

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('data');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('XLSX reader', () => {
  it('reads the first sheet, its first row naming the columns', async () => {
    const bytes = await workbook([
      ['question', 'n'],
      ['what?', 3],
      ['多行\n文本', 4.5],
    ]);
    expect(await allRows('xlsx', bytesSource(bytes, 1000))).toEqual([
      { index: 0, cells: { question: 'what?', n: 3 } },
      { index: 1, cells: { question: '多行\n文本', n: 4.5 } },
    ]);
  });

  it('bounds the file size and refuses what is not a workbook', async () => {
    const bytes = await workbook([['q'], ['a']]);
    const limits = { ...DEFAULT_READ_LIMITS, maxXlsxBytes: 100 };
    await expect(allRows('xlsx', bytesSource(bytes), 'utf-8', limits)).rejects.toThrow(
      /save larger sheets as CSV/,
    );
    await expect(allRows('xlsx', bytesSource(bytes.subarray(0, 200)))).rejects.toThrow(/not a readable XLSX/);
  });
});
