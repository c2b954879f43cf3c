import { benchDecode } from './decode';

console.log(JSON.stringify(await benchDecode(), null, 2));
