import { benchStore } from './store';

// npx tsx bench/store-main.ts <span count> [data folder] [--measure-only]
const [count, path] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const spans = Number(count ?? '100000');
if (!Number.isInteger(spans) || spans <= 0)
  throw new Error('usage: npx tsx bench/store-main.ts <span count> [data folder] [--measure-only]');
const measureOnly = process.argv.includes('--measure-only');
console.log(
  JSON.stringify(await benchStore({ spans, measureOnly, ...(path === undefined ? {} : { path }) }), null, 2),
);
