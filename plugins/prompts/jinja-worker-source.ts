/**
 * The Jinja2 render worker, as CommonJS source for `new Worker(source, { eval: true })`: it runs the same under
 * tsx, vitest and plain node, with no loader for a .ts worker file. It receives `{ id, strings, context, limit }`
 * and answers `{ id, outputs }` or `{ id, error: { message, variable? } }`.
 *
 * Sandboxing inside the worker: the context is plain data copied into null-prototype objects; member lookups of
 * `constructor`, `__proto__` and `prototype` yield undefined, so a template cannot reach Function; undefined
 * output throws and names the last name that resolved to undefined.
 */
export const JINJA_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const path = require('node:path');
const nunjucks = require(workerData.nunjucksPath);
const runtime = require(path.join(path.dirname(workerData.nunjucksPath), 'src', 'runtime.js'));

const BLOCKED = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__',
  '__lookupGetter__', '__lookupSetter__']);
let lastUndefined;

const plainLookup = runtime.memberLookup;
runtime.memberLookup = (obj, key) => {
  const value = BLOCKED.has(String(key)) ? undefined : plainLookup(obj, key);
  if (value === undefined) lastUndefined = String(key);
  return value;
};
const plainContextLookup = runtime.contextOrFrameLookup;
runtime.contextOrFrameLookup = (context, frame, name) => {
  const value = BLOCKED.has(name) ? undefined : plainContextLookup(context, frame, name);
  if (value === undefined) lastUndefined = name;
  return value;
};
let failure;
runtime.ensureDefined = (value, lineno, colno) => {
  if (value === null || value === undefined) {
    failure = { variable: lastUndefined, line: lineno + 1, column: colno + 1 };
    throw new Error('undefined value');
  }
  return value;
};

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
const compiled = new Map();
const compile = (source) => {
  let template = compiled.get(source);
  if (template === undefined) {
    if (compiled.size >= 256) compiled.clear();
    template = nunjucks.compile(source, env);
    compiled.set(source, template);
  }
  return template;
};

const toPlain = (value) => {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== 'object') return value;
  const out = Object.create(null);
  for (const key of Object.keys(value)) out[key] = toPlain(value[key]);
  return out;
};

parentPort.on('message', ({ id, strings, context, limit }) => {
  let index = -1;
  try {
    const data = toPlain(context);
    const outputs = [];
    let total = 0;
    for (index = 0; index < strings.length; index += 1) {
      lastUndefined = undefined;
      failure = undefined;
      const text = compile(strings[index]).render(data);
      total += text.length;
      if (total > limit) throw Object.assign(new Error('the rendered prompt is larger than ' + limit + ' characters'), { size: true });
      outputs.push(text);
    }
    parentPort.postMessage({ id, outputs });
  } catch (e) {
    const message = String((e && e.message) || e).replace(/^\\(unknown path\\)\\s*/, '').trim();
    parentPort.postMessage({ id, error: { message, index, undefinedValue: failure, size: Boolean(e && e.size) } });
  }
});
`;
