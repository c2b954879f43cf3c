/**
 * The Jinja2 (nunjucks) sandbox runtime, as CommonJS source for a sandbox child (core/sandbox). Input
 * `{ strings, context, limit }`; output `{ outputs }` or `{ error: { message, index, size, undefinedValue? } }`.
 *
 * Member access is an allow-list: a template reads own properties of plain objects and arrays (the JSON
 * context, loop variables, filter results), characters and `length` of strings, and a fixed set of methods on
 * strings, arrays and objects. Functions (globals, macros, `caller`) have no members, names resolve to template
 * variables, the context's own keys and the globals range/cycler/joiner only, and filters that take an
 * attribute name read through the same allow-list. Nothing reaches a prototype, so nothing reaches Function.
 * `NUNJUCKS` is replaced with the path of nunjucks' single-file build.
 */
export const JINJA_RUNTIME_SOURCE = `
'use strict';
const nunjucks = require(NUNJUCKS);
const runtime = nunjucks.runtime;
const lib = nunjucks.lib;
const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const table = (entries) => Object.assign(Object.create(null), entries);

const isPlainObject = (v) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
};
const isIndex = (key) =>
  typeof key === 'number' ? Number.isInteger(key) && key >= 0 : typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key);
const unsafe = (v) => (v instanceof runtime.SafeString ? String(v) : v);
const text = (v) => (v === undefined || v === null ? '' : String(unsafe(v)));
const whitespaceSplit = (s) => s.split(/\\s+/).filter((part) => part !== '');

const STRING_METHODS = table({
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  toLowerCase: (s) => s.toLowerCase(),
  strip: (s, chars) => (chars === undefined ? s.trim() : lstrip(rstrip(s, chars), chars)),
  lstrip: (s, chars) => lstrip(s, chars),
  rstrip: (s, chars) => rstrip(s, chars),
  trim: (s) => s.trim(),
  trimStart: (s) => s.trimStart(),
  trimEnd: (s) => s.trimEnd(),
  startswith: (s, prefix) => s.startsWith(text(prefix)),
  endswith: (s, suffix) => s.endsWith(text(suffix)),
  startsWith: (s, prefix) => s.startsWith(text(prefix)),
  endsWith: (s, suffix) => s.endsWith(text(suffix)),
  includes: (s, part) => s.includes(text(part)),
  find: (s, part) => s.indexOf(text(part)),
  indexOf: (s, part) => s.indexOf(text(part)),
  count: (s, part) => (text(part) === '' ? s.length + 1 : s.split(text(part)).length - 1),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.replace(/\\S+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  split: (s, sep, max) => {
    if (sep === undefined || sep === null) return whitespaceSplit(s);
    const parts = s.split(text(sep));
    if (typeof max !== 'number' || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(text(sep))];
  },
  replace: (s, from, to) => s.split(text(from)).join(text(to)),
  replaceAll: (s, from, to) => s.split(text(from)).join(text(to)),
  slice: (s, start, end) => s.slice(start, end),
  substring: (s, start, end) => s.substring(start, end),
  charAt: (s, i) => s.charAt(i),
  padStart: (s, n, fill) => s.padStart(n, fill === undefined ? ' ' : text(fill)),
  padEnd: (s, n, fill) => s.padEnd(n, fill === undefined ? ' ' : text(fill)),
  join: (s, items) => (Array.isArray(items) ? items.map(text).join(s) : ''),
  format: (s, ...args) => { let i = 0; return s.replace(/\\{\\}|%s/g, () => text(args[i++])); },
  toString: (s) => s,
});
const lstrip = (s, chars) => {
  if (chars === undefined || chars === null) return s.trimStart();
  let i = 0;
  while (i < s.length && text(chars).includes(s[i])) i += 1;
  return s.slice(i);
};
const rstrip = (s, chars) => {
  if (chars === undefined || chars === null) return s.trimEnd();
  let i = s.length;
  while (i > 0 && text(chars).includes(s[i - 1])) i -= 1;
  return s.slice(0, i);
};

const ARRAY_METHODS = table({
  join: (a, sep) => a.map(text).join(sep === undefined ? ',' : text(sep)),
  slice: (a, start, end) => a.slice(start, end),
  includes: (a, item) => a.includes(item),
  indexOf: (a, item) => a.indexOf(item),
  index: (a, item) => a.indexOf(item),
  count: (a, item) => a.filter((x) => x === item).length,
  concat: (a, ...more) => a.concat(...more.filter((m) => Array.isArray(m))),
});

const OBJECT_METHODS = table({
  items: (o) => Object.keys(o).map((k) => [k, o[k]]),
  keys: (o) => Object.keys(o),
  values: (o) => Object.keys(o).map((k) => o[k]),
  get: (o, key, fallback) => (own(o, key) ? o[key] : fallback === undefined ? null : fallback),
});

/** A property a template may read: own data of plain objects and arrays, characters and length of strings. */
const safeGet = (obj, key) => {
  const value = unsafe(obj);
  if (typeof value === 'string') {
    if (key === 'length') return value.length;
    return isIndex(key) && Number(key) < value.length ? value[Number(key)] : undefined;
  }
  if (Array.isArray(value)) {
    if (key === 'length') return value.length;
    return isIndex(key) && own(value, key) ? value[key] : undefined;
  }
  if (isPlainObject(value) && (typeof key === 'string' || typeof key === 'number') && own(value, key))
    return value[key];
  return undefined;
};

const methodOf = (obj, key) => {
  const value = unsafe(obj);
  if (typeof key !== 'string') return undefined;
  const methods =
    typeof value === 'string' ? STRING_METHODS : Array.isArray(value) ? ARRAY_METHODS : isPlainObject(value) ? OBJECT_METHODS : undefined;
  if (methods === undefined || !own(methods, key)) return undefined;
  const method = methods[key];
  return (...args) => method(value, ...args);
};

const lookupPath = (item, path) => {
  const parts = typeof path === 'string' ? path.split('.') : [path];
  let value = item;
  for (const part of parts) {
    value = safeGet(value, part);
    if (value === undefined) return undefined;
  }
  return value;
};

let lastUndefined;
runtime.memberLookup = (obj, key) => {
  if (obj === undefined || obj === null) return undefined;
  let value = safeGet(obj, key);
  // Own methods of objects nunjucks made (cycler) keep their receiver.
  if (typeof value === 'function') {
    const fn = value;
    value = (...args) => fn.apply(obj, args);
  }
  if (value === undefined) value = methodOf(obj, key);
  if (value === undefined) lastUndefined = String(key);
  return value;
};

const GLOBALS = new Set(['range', 'cycler', 'joiner']);
runtime.contextOrFrameLookup = (context, frame, name) => {
  let value = frame.lookup(name);
  if (value === undefined && own(context.ctx, name)) value = context.ctx[name];
  if (value === undefined && GLOBALS.has(name) && own(context.env.globals, name)) value = context.env.globals[name];
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

const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
env.getFilter = (name) => {
  if (!own(env.filters, name)) throw new Error('filter not found: ' + name);
  return env.filters[name];
};
env.getTest = (name) => {
  if (!own(env.tests, name)) throw new Error('test not found: ' + name);
  return env.tests[name];
};

const list = (value) => (Array.isArray(value) ? value : lib.toArray(value));
env.addFilter('sum', (arr, attr, start) =>
  list(arr).map((v) => (attr ? lookupPath(v, attr) : v)).reduce((a, b) => a + b, start === undefined ? 0 : start),
);
env.addFilter('join', (arr, sep, attr) =>
  list(arr).map((v) => text(attr ? lookupPath(v, attr) : v)).join(sep === undefined || sep === null ? '' : text(sep)),
);
env.addFilter('selectattr', (arr, attr) => list(arr).filter((v) => !!lookupPath(v, attr)));
env.addFilter('rejectattr', (arr, attr) => list(arr).filter((v) => !lookupPath(v, attr)));
env.addFilter('groupby', (arr, attr) => {
  const groups = Object.create(null);
  for (const item of list(arr)) {
    const key = lookupPath(item, attr);
    if (key === undefined) throw new TypeError('groupby: attribute "' + attr + '" resolved to undefined');
    const name = text(key);
    if (!own(groups, name)) groups[name] = [];
    groups[name].push(item);
  }
  return groups;
});
env.addFilter('dictsort', (val, caseSensitive, by) => {
  if (!isPlainObject(val)) throw new Error('dictsort filter: val must be an object');
  if (by !== undefined && by !== 'key' && by !== 'value')
    throw new Error('dictsort filter: You can only sort by either key or value');
  const si = by === 'value' ? 1 : 0;
  const fold = (v) => (!caseSensitive && typeof v === 'string' ? v.toUpperCase() : v);
  return Object.keys(val)
    .map((k) => [k, val[k]])
    .sort((t1, t2) => {
      const a = fold(t1[si]);
      const b = fold(t2[si]);
      return a > b ? 1 : a === b ? 0 : -1;
    });
});
env.addFilter(
  'sort',
  runtime.makeMacro(['value', 'reverse', 'case_sensitive', 'attribute'], [], (arr, reversed, caseSens, attr) =>
    list(arr)
      .slice()
      .sort((a, b) => {
        let x = attr ? lookupPath(a, attr) : a;
        let y = attr ? lookupPath(b, attr) : b;
        if (attr && (x === undefined || y === undefined))
          throw new TypeError('sort: attribute "' + attr + '" resolved to undefined');
        if (!caseSens && typeof x === 'string' && typeof y === 'string') {
          x = x.toLowerCase();
          y = y.toLowerCase();
        }
        return x < y ? (reversed ? 1 : -1) : x > y ? (reversed ? -1 : 1) : 0;
      }),
  ),
);

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

module.exports.run = ({ strings, context, limit }) => {
  let index = -1;
  try {
    const data = toPlain(context);
    const outputs = [];
    let total = 0;
    for (index = 0; index < strings.length; index += 1) {
      lastUndefined = undefined;
      failure = undefined;
      const rendered = compile(strings[index]).render(data);
      total += rendered.length;
      if (total > limit)
        throw Object.assign(new Error('the rendered prompt is larger than ' + limit + ' characters'), { size: true });
      outputs.push(rendered);
    }
    return { outputs };
  } catch (e) {
    const message = String((e && e.message) || e).replace(/^\\(unknown path\\)\\s*/, '').trim();
    return { error: { message, index, undefinedValue: failure, size: Boolean(e && e.size) } };
  }
};
`;
