/**
 * The code evaluator sandbox runtime, as CommonJS source for a sandbox child (core/sandbox) started without code
 * generation from strings. One child serves both languages:
 *
 * - JavaScript in QuickJS compiled to WebAssembly: one warm module and runtime, a fresh context per run, QuickJS's
 *   memory and stack limits and an interrupt handler at the CPU deadline. No host object is handed in; `process`,
 *   `require`, `fetch`… are getters that record a sandbox violation; `import()` reaches a loader that refuses.
 * - Python in Pyodide: an interpreter per workspace (a job of another workspace, or after an out-of-memory, loads
 *   a fresh one from the memory snapshot taken after the first start), `exec_evaluation` in fresh globals with
 *   restricted builtins (python-prelude). The CPU deadline and the memory bound are checked by CPython's periodic
 *   signal check, which reads `Py_EmscriptenSignalBuffer[0]`: a getter answering SIGINT past either.
 *
 * Input `{ mode: 'run' | 'check', language, code, turn?, cpuMs, memoryMb, maxStdoutBytes, workspaceId }`; output
 * `{ ok: true, score, reason, label?, stdout, startMs }`, `{ ok: false, code, message, stdout, startMs }` or
 * `{ problems }` for check. The parent's SIGKILL at the job's wall time is the backstop for everything here.
 * `QUICKJS_CORE`, `QUICKJS_VARIANT`, `PYODIDE` and `PYTHON_PRELUDE` are replaced with JSON strings.
 */
export const CODE_RUNTIME_SOURCE = String.raw`
'use strict';
const PRELUDE_PY = PYTHON_PRELUDE;
const MIB = 1024 * 1024;

const bounded = (maxBytes) => {
  const parts = [];
  let bytes = 0;
  let cut = false;
  return {
    write(text) {
      if (cut) return;
      const size = Buffer.byteLength(text, 'utf8');
      if (bytes + size <= maxBytes) { parts.push(text); bytes += size; return; }
      parts.push(Buffer.from(text, 'utf8').subarray(0, maxBytes - bytes).toString('utf8').replace(/\uFFFD$/, ''));
      bytes = maxBytes;
      cut = true;
    },
    text() { return parts.join('') + (cut ? '\n[stdout truncated at ' + maxBytes + ' bytes]' : ''); },
  };
};
const fail = (code, message, out, startMs) => ({ ok: false, code, message, stdout: out.text(), startMs });

// ---------------------------------------------------------------- JavaScript (QuickJS)
const TRAPPED = ['process', 'require', 'module', 'exports', 'global', 'fetch', 'XMLHttpRequest', 'WebSocket',
  'Deno', 'Bun', 'std', 'os', 'importScripts'];
const JS_PRELUDE = '(function (print, violate) {\n' +
  "  'use strict';\n" +
  "  const show = (v) => { if (typeof v === 'string') return v; try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); } };\n" +
  "  const log = function () { print(Array.prototype.map.call(arguments, show).join(' ') + '\\n'); };\n" +
  "  Object.defineProperty(globalThis, 'console', { value: Object.freeze({ log: log, info: log, warn: log, error: log, debug: log }) });\n" +
  '  for (const name of ' + JSON.stringify(TRAPPED) + ')\n' +
  '    Object.defineProperty(globalThis, name, { get: function () { throw violate(name); }, configurable: false });\n' +
  '})';
const JS_DRIVER = '(function (turnJson) {\n' +
  "  if (typeof exec_evaluation !== 'function') throw new TypeError('define function exec_evaluation(turn)');\n" +
  '  const result = exec_evaluation(JSON.parse(turnJson));\n' +
  '  const encode = (value) => JSON.stringify(value === undefined ? null : value);\n' +
  "  return result !== null && typeof result === 'object' && typeof result.then === 'function' ? result.then(encode) : encode(result);\n" +
  '})';
const STACK_BYTES = 512 * 1024;

let quickjs;
let qjsRuntime;
const loadQuickJs = () => {
  if (quickjs === undefined) {
    const core = require(QUICKJS_CORE);
    quickjs = core.newQuickJSWASMModuleFromVariant(require(QUICKJS_VARIANT));
    quickjs.catch(() => { quickjs = undefined; });
  }
  return quickjs;
};
const dropQuickJs = (wholeModule) => {
  try { if (qjsRuntime !== undefined) qjsRuntime.dispose(); } catch (e) { wholeModule = true; }
  qjsRuntime = undefined;
  // A runtime that hit its memory limit may not free cleanly; its module goes with it.
  if (wholeModule) quickjs = undefined;
};

const classifyJs = (error, interrupted) => {
  const e = error !== null && typeof error === 'object' ? error : { message: String(error) };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (interrupted || message === 'interrupted') return { code: 'timeout' };
  if (/out of memory|string too long|invalid array length/i.test(message)) return { code: 'out_of_memory' };
  if (/stack overflow|call stack size/i.test(message))
    return { code: 'runtime_error', message: 'RangeError: maximum call stack size exceeded' };
  if (name === 'SyntaxError') return { code: 'syntax_error', message: 'SyntaxError: ' + message };
  const line = typeof e.stack === 'string' ? e.stack.split('\n').find((l) => l.includes('evaluator.js')) : undefined;
  return { code: 'runtime_error', message: name + ': ' + message + (line ? ' (' + line.trim() + ')' : '') };
};

const checkJs = async (code) => {
  const qjs = await loadQuickJs();
  const rt = qjs.newRuntime();
  rt.setMemoryLimit(64 * MIB);
  rt.setMaxStackSize(STACK_BYTES);
  const vm = rt.newContext();
  try {
    const compiled = vm.evalCode(code, 'evaluator.js', { compileOnly: true });
    if (compiled.error) {
      const failure = classifyJs(vm.dump(compiled.error), false);
      compiled.error.dispose();
      return [failure.message || 'the code does not compile'];
    }
    compiled.value.dispose();
    return /\bexec_evaluation\b/.test(code) ? [] : ['the code must define function exec_evaluation(turn)'];
  } finally {
    vm.dispose();
    rt.dispose();
  }
};

const runJs = async (input) => {
  const t0 = performance.now();
  const cold = quickjs === undefined;
  const qjs = await loadQuickJs();
  const startMs = cold ? performance.now() - t0 : 0;
  const out = bounded(input.maxStdoutBytes);
  if (qjsRuntime === undefined) qjsRuntime = qjs.newRuntime();
  const rt = qjsRuntime;
  rt.setMemoryLimit(input.memoryMb * MIB);
  rt.setMaxStackSize(STACK_BYTES);
  const deadline = performance.now() + input.cpuMs;
  let interrupted = false;
  rt.setInterruptHandler(() => (interrupted = interrupted || performance.now() > deadline));
  let violation;
  rt.setModuleLoader((name) => {
    if (violation === undefined) violation = 'import of module "' + name + '"';
    return { error: new Error('sandbox violation: modules are not available (' + name + ')') };
  });
  const owned = [];
  const keep = (h) => (owned.push(h), h);
  let vm;
  let outcome;
  let hitLimit = false;
  try {
    vm = rt.newContext();
    const ctx = vm;
    const take = (result) => {
      if (result.error) {
        const error = ctx.dump(result.error);
        result.error.dispose();
        throw { guest: error };
      }
      return keep(result.value);
    };
    const print = keep(ctx.newFunction('print', (text) => { out.write(ctx.getString(text)); }));
    const violate = keep(ctx.newFunction('violate', (nameHandle) => {
      const name = ctx.getString(nameHandle);
      if (violation === undefined) violation = 'access to ' + name;
      return ctx.newError({ name: 'SandboxViolation', message: 'sandbox violation: ' + name + ' is not available in the evaluator sandbox' });
    }));
    take(ctx.callFunction(take(ctx.evalCode(JS_PRELUDE, 'prelude.js')), ctx.undefined, print, violate));
    take(ctx.evalCode(input.code, 'evaluator.js', { type: 'global' }));
    const driver = take(ctx.evalCode(JS_DRIVER, 'driver.js'));
    const answer = take(ctx.callFunction(driver, ctx.undefined, keep(ctx.newString(JSON.stringify(input.turn)))));
    let json;
    if (ctx.typeof(answer) === 'string') json = ctx.getString(answer);
    else {
      // An async exec_evaluation: its jobs run (still under the interrupt handler) until it settles.
      for (;;) {
        const state = ctx.getPromiseState(answer);
        if (state.type === 'fulfilled') { json = ctx.dump(keep(state.value)); break; }
        if (state.type === 'rejected') { const error = ctx.dump(state.error); state.error.dispose(); throw { guest: error }; }
        const jobs = rt.executePendingJobs();
        if (jobs.error) { const error = ctx.dump(jobs.error); jobs.error.dispose(); throw { guest: error }; }
        if (jobs.value === 0 && ctx.getPromiseState(answer).type === 'pending')
          throw { guest: { name: 'Error', message: 'exec_evaluation returned a promise that never settles' } };
      }
    }
    outcome = { value: typeof json === 'string' ? JSON.parse(json) : json };
  } catch (e) {
    if (e !== null && typeof e === 'object' && 'guest' in e) outcome = { error: e.guest };
    else {
      // QuickJS itself gave up (memory exhausted while building an error): the limit was hit.
      hitLimit = true;
      outcome = { error: { name: 'InternalError', message: /memory|bounds/i.test(String(e && e.message)) ? 'out of memory' : String(e && e.message) } };
    }
  } finally {
    for (const h of owned.reverse()) { try { if (h.alive) h.dispose(); } catch (e) { hitLimit = true; } }
    try { if (vm !== undefined) vm.dispose(); } catch (e) { hitLimit = true; }
  }
  if (violation !== undefined || 'error' in outcome) dropQuickJs(hitLimit);
  if (violation !== undefined) return fail('sandbox_violation', 'the code attempted ' + violation, out, startMs);
  if ('error' in outcome) {
    const failure = classifyJs(outcome.error, interrupted);
    if (failure.code === 'out_of_memory') dropQuickJs(true);
    const message = failure.code === 'timeout' ? 'exec_evaluation used more than ' + input.cpuMs + ' ms of CPU'
      : failure.code === 'out_of_memory' ? 'exec_evaluation needed more than ' + input.memoryMb + ' MiB' : failure.message;
    return fail(failure.code, message, out, startMs);
  }
  return { ok: true, result: outcome.value, stdout: out.text(), startMs };
};

// ---------------------------------------------------------------- Python (Pyodide)
// Pyodide's NODEFS asks process.binding('constants') at start, which the permission model refuses.
const realBinding = process.binding;
process.binding = (name) => (name === 'constants' ? { fs: require('node:fs').constants } : realBinding.call(process, name));

let snapshot;
let python;
let loading;
const job = { deadline: Infinity, heapLimit: Infinity, timedOut: false, overMemory: false, sink: undefined };
const signals = {
  get 0() {
    if (python === undefined) return 0;
    if (performance.now() > job.deadline) { job.timedOut = true; return 2; }
    if (python.module.HEAP8.length > job.heapLimit) { job.overMemory = true; return 2; }
    return 0;
  },
  set 0(value) {},
};
const print = (text) => { if (job.sink !== undefined) job.sink(text + '\n'); };

/** What a job's Python may reach through the API object is removed once the runner holds what it needs. */
const UNSAFE_API = ['useNodeSockFS', 'mountNodeFS', 'mountNativeFS', 'loadPackage', 'loadPackagesFromImports',
  'registerJsModule', 'unregisterJsModule', 'setStdin', 'setStdout', 'setStderr', 'registerComlink',
  'setInterruptBuffer', 'runPython', 'runPythonAsync', 'pyimport', 'FS', 'PATH', 'ERRNO_CODES', 'globals',
  '_api', '_module', 'makeMemorySnapshot', 'unpackArchive', 'setDebug', 'toPy'];
const harden = (api) => {
  for (const name of UNSAFE_API) {
    try { Object.defineProperty(api, name, { value: undefined, writable: false, configurable: false }); } catch (e) {}
  }
  try { Object.freeze(api); } catch (e) {}
};

// Python can hold JavaScript objects of this realm (pyodide.ffi.to_js); their prototypes are frozen so that a job
// cannot change how this runtime or a later job of another workspace behaves. QuickJS loads first: it installs
// its Symbol.dispose polyfill on load.
const INTRINSICS = [Object, Function, Array, String, Number, Boolean, Symbol, Error, TypeError, RangeError,
  SyntaxError, ReferenceError, EvalError, URIError, Promise, RegExp, Map, Set, WeakMap, WeakSet, Date, ArrayBuffer,
  DataView, Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
  Uint8ClampedArray, BigInt64Array, BigUint64Array, BigInt, Proxy, WeakRef, FinalizationRegistry];
let frozen = false;
const freezeRealm = () => {
  if (frozen) return;
  frozen = true;
  const typedArray = Object.getPrototypeOf(Uint8Array);
  // Object.prototype.constructor stays writable: Pyodide assigns constructor on objects of its own (a read-only
  // inherited one would silently refuse that, and its memory snapshot no longer loads). Nothing can be added.
  Object.preventExtensions(Object.prototype);
  for (const key of Reflect.ownKeys(Object.prototype))
    if (key !== 'constructor') Object.defineProperty(Object.prototype, key, { writable: false, configurable: false });
  for (const ctor of [...INTRINSICS.filter((c) => c !== Object), typedArray]) {
    // Error prototypes only stop growing: code sets name and message on its errors, which a frozen prototype's
    // read-only properties would silently refuse.
    const lock = ctor === Error || ctor.prototype instanceof Error ? Object.preventExtensions : Object.freeze;
    try { if (ctor.prototype) lock(ctor.prototype); } catch (e) {}
  }
  for (const value of [Object, Array, JSON, Math, Reflect, Atomics, Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}), Object.getPrototypeOf([][Symbol.iterator]())]) {
    try { Object.freeze(value); if (value !== Object && value.prototype) Object.freeze(value.prototype); } catch (e) {}
  }
};

const startPython = async (workspaceId) => {
  await loadQuickJs();
  const { loadPyodide } = require(PYODIDE + '/pyodide.js');
  const options = {
    indexURL: PYODIDE + '/',
    jsglobals: Object.create(null),
    env: { HOME: '/home/pyodide' },
    stdout: print,
    stderr: print,
    stdin: () => null,
    checkAPIVersion: true,
  };
  const api = snapshot === undefined
    ? await loadPyodide(Object.assign({ _makeSnapshot: true }, options))
    : await loadPyodide(Object.assign({ _loadSnapshot: snapshot }, options));
  if (snapshot === undefined) {
    api.runPython(PRELUDE_PY);
    snapshot = api.makeMemorySnapshot();
  }
  // Without these Python cannot import the API object or the global scope again through Pyodide's finder.
  api.unregisterJsModule('pyodide_js');
  api.unregisterJsModule('js');
  api.setInterruptBuffer(signals);
  const globals = api.globals;
  const state = {
    owner: workspaceId,
    poisoned: false,
    module: api._module,
    baseHeap: api._module.HEAP8.length,
    run: globals.get('_spanloop_run'),
    check: globals.get('_spanloop_check'),
  };
  harden(api);
  lockGlobals();
  freezeRealm();
  return state;
};

const pythonFor = async (workspaceId) => {
  if (python !== undefined && python.owner === workspaceId && !python.poisoned) return { state: python, startMs: 0 };
  while (loading !== undefined) await loading.catch(() => undefined);
  if (python !== undefined && python.owner === workspaceId && !python.poisoned) return { state: python, startMs: 0 };
  python = undefined;
  const t0 = performance.now();
  loading = startPython(workspaceId);
  try { python = await loading; } finally { loading = undefined; }
  return { state: python, startMs: performance.now() - t0 };
};

const runPython = async (input) => {
  const { state, startMs } = await pythonFor(input.workspaceId);
  const out = bounded(input.maxStdoutBytes);
  job.sink = (text) => out.write(text);
  job.timedOut = false;
  job.overMemory = false;
  job.heapLimit = state.baseHeap + input.memoryMb * MIB;
  job.deadline = performance.now() + input.cpuMs;
  let raw;
  let thrown;
  try {
    raw = state.run(input.code, JSON.stringify(input.turn));
  } catch (e) {
    thrown = e;
  } finally {
    job.deadline = Infinity;
    job.heapLimit = Infinity;
    job.sink = undefined;
  }
  if (state.module.HEAP8.length > state.baseHeap + input.memoryMb * MIB) state.poisoned = true;
  if (job.overMemory) return fail('out_of_memory', 'exec_evaluation needed more than ' + input.memoryMb + ' MiB', out, startMs);
  if (job.timedOut) return fail('timeout', 'exec_evaluation used more than ' + input.cpuMs + ' ms of CPU', out, startMs);
  if (thrown !== undefined || typeof raw !== 'string') {
    // A JavaScript error unwound through the interpreter (a host API refused by the permission model, a fatal
    // error): the interpreter is not trusted again.
    state.poisoned = true;
    const text = String((thrown && thrown.message) || thrown).trim().split('\n').pop();
    if (thrown && (thrown.code === 'ERR_ACCESS_DENIED' || /Access to this API has been restricted/.test(text)))
      return fail('sandbox_violation', 'the code reached a host API the sandbox refuses: ' + text, out, startMs);
    if (/MemoryError/.test(text)) return fail('out_of_memory', 'exec_evaluation ran out of memory', out, startMs);
    return fail('runtime_error', text, out, startMs);
  }
  const answer = JSON.parse(raw);
  if (!Object.hasOwn(answer, 'error')) return { ok: true, result: answer, stdout: out.text(), startMs };
  if (answer.error === 'interrupted') return fail('timeout', 'exec_evaluation was interrupted', out, startMs);
  if (answer.error === 'out_of_memory') {
    state.poisoned = true;
    return fail('out_of_memory', 'exec_evaluation needed more than ' + input.memoryMb + ' MiB', out, startMs);
  }
  return fail(answer.error, answer.message, out, startMs);
};

const checkPython = async (input) => {
  const { state } = await pythonFor(input.workspaceId);
  return JSON.parse(state.check(input.code));
};

// Nothing a job reaches may fetch or open sockets; the global require (Node's, then Pyodide's shim over fs, crypto,
// ws and child_process) is deleted before and after every interpreter start.
const lockGlobals = () => {
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'require', 'module', 'exports']) {
    try { delete globalThis[name]; } catch (e) {}
  }
};
lockGlobals();

module.exports.run = async (input) => {
  if (input.language === 'javascript')
    return input.mode === 'check' ? { problems: await checkJs(input.code) } : await runJs(input);
  try {
    return input.mode === 'check' ? { problems: await checkPython(input) } : await runPython(input);
  } finally {
    lockGlobals();
  }
};
`;
