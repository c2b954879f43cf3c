import { benchDatasetsStore } from './datasets-store';

// npx tsx bench/datasets-store-main.ts <items> [reads]
const [items, reads] = process.argv.slice(2);
console.log(
  JSON.stringify(
    await benchDatasetsStore({ items: Number(items ?? '1000000'), reads: Number(reads ?? '200') }),
    null,
    2,
  ),
);
