import { benchStore } from './store';

const spans = Number(process.argv[2] ?? '100000');
if (!Number.isInteger(spans) || spans <= 0)
  throw new Error('usage: npx tsx bench/store-main.ts <span count> [data folder]');
const path = process.argv[3];
console.log(JSON.stringify(await benchStore({ spans, ...(path === undefined ? {} : { path }) }), null, 2));
