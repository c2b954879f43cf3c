/**
 * The program every sandbox child runs (`node -e`), as CommonJS source: it runs the same under tsx, vitest and
 * plain node. Its first stdin line is `{ source }`, the runtime, answered with `{ ready: true }` on fd 3; then
 * each line `{ id, input }` is answered `{ id, output }` or `{ id, error }`. Lines are JSON, one per message.
 */
export const CHILD_SOURCE = `
'use strict';
const net = require('node:net');
const answers = new net.Socket({ fd: 3, readable: false, writable: true });
const send = (message) => answers.write(JSON.stringify(message) + '\\n');
let runtime;

const load = (source) => {
  const module = { exports: {} };
  // compileFunction, not new Function: it works in children started without code generation from strings.
  require('node:vm').compileFunction(source, ['module', 'exports', 'require'])(module, module.exports, require);
  if (typeof module.exports.run !== 'function') throw new Error('the runtime exports no run function');
  runtime = module.exports;
};

const handle = async (message) => {
  if (runtime === undefined) {
    load(message.source);
    send({ ready: true });
    return;
  }
  try {
    send({ id: message.id, output: await runtime.run(message.input) });
  } catch (e) {
    send({ id: message.id, error: String((e && e.message) || e) });
  }
};

let buffered = '';
let chain = Promise.resolve();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\\n')) >= 0) {
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    chain = chain.then(() => handle(JSON.parse(line)));
  }
});
process.stdin.on('end', () => process.exit(0));
`;
