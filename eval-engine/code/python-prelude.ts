/**
 * Python run once in each fresh Pyodide interpreter (before its memory snapshot): `EvalOutput`, the restricted
 * builtins user code sees, and `_spanloop_run(code, turn_json)`, which runs `exec_evaluation(turn)` and answers
 * JSON `{score, reason?, label?}` or `{error, message}`. It drops the interpreter's handles on JavaScript
 * (`js`, `pyodide_js`) from `sys.modules`; the child's JavaScript realm is hardened as well (code-runtime-source).
 *
 * The import and `open` checks give direct attempts a clear `sandbox_violation`; they are not the boundary
 * (Python can always find a module another module imported). The boundary is WebAssembly: the interpreter's
 * file system is an in-memory one holding its own standard library, and it has no sockets or processes.
 */
export const PYTHON_PRELUDE = String.raw`
import builtins as _builtins
import json as _json
import sys as _sys
import traceback as _traceback

for _name in ('js', 'pyodide_js', 'pyodide_js._api'):
    _sys.modules.pop(_name, None)


class EvalOutput:
    """What exec_evaluation returns (Cozeloop): a score and the reason for it."""

    def __init__(self, score=None, reason='', label=None):
        self.score = score
        self.reason = reason
        self.label = label


class SandboxViolation(PermissionError):
    pass


_BLOCKED_MODULES = frozenset({
    'os', 'posix', 'nt', 'sys', 'subprocess', 'socket', '_socket', 'select', 'selectors', 'ssl', '_ssl',
    'ctypes', '_ctypes', 'js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'pyodide_http', 'micropip',
    'importlib', '_imp', 'imp', 'gc', 'inspect', 'urllib', 'http', 'ftplib', 'smtplib', 'telnetlib', 'asyncio',
    'multiprocessing', 'threading', '_thread', 'signal', 'shutil', 'pathlib', 'io', '_io', 'tempfile', 'glob',
    'fcntl', 'resource', 'pty', 'webbrowser', 'code', 'codeop', 'pdb', 'builtins', 'zipimport', 'marshal',
    'pickle', '_pickle', 'shelve', 'dbm', 'sqlite3', 'mmap', 'platform', 'sysconfig', 'site',
})
_state = {'violation': None}
_real_import = _builtins.__import__


def _violate(what):
    if _state['violation'] is None:
        _state['violation'] = what
    raise SandboxViolation('sandbox violation: ' + what + ' is not available in the evaluator sandbox')


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and name.split('.')[0] in _BLOCKED_MODULES:
        _violate('import ' + name)
    return _real_import(name, globals, locals, fromlist, level)


def _blocked(what):
    def refuse(*args, **kwargs):
        _violate(what)
    return refuse


_SAFE_BUILTINS = dict(_builtins.__dict__)
_SAFE_BUILTINS['__import__'] = _guarded_import
for _name in ('open', 'input', 'breakpoint', 'help', 'exit', 'quit', 'copyright', 'credits', 'license'):
    _SAFE_BUILTINS[_name] = _blocked(_name + '()')


import os as _os
import posix as _posix

for _module in (_os, _posix):
    for _name in ('system', 'popen', 'fork', 'forkpty', 'kill', 'killpg', 'execv', 'execve', 'execl', 'execle',
                  'execlp', 'execvp', 'execvpe', 'spawnv', 'spawnve', 'spawnl', 'spawnle', 'posix_spawn',
                  'posix_spawnp', 'startfile'):
        if hasattr(_module, _name):
            setattr(_module, _name, _blocked('os.' + _name + '()'))


def _failure(code, message):
    return _json.dumps({'error': code, 'message': message})


def _where(error):
    frames = [f for f in _traceback.extract_tb(error.__traceback__) if f.filename == 'evaluator.py']
    return ' (line %d)' % frames[-1].lineno if frames else ''


def _result(value):
    if isinstance(value, EvalOutput):
        value = {'score': value.score, 'reason': value.reason, 'label': value.label}
    if not isinstance(value, dict):
        return _failure('bad_output', 'exec_evaluation must return EvalOutput(score=..., reason=...) or a dict')
    score = value.get('score')
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score != score or score in (float('inf'), float('-inf')):
        return _failure('bad_output', 'exec_evaluation must return a finite numeric score')
    reason = value.get('reason')
    label = value.get('label')
    answer = {'score': float(score), 'reason': '' if reason is None else str(reason)}
    if label is not None:
        answer['label'] = str(label)
    return _json.dumps(answer)


def _spanloop_run(code, turn_json):
    _state['violation'] = None
    scope = {'__name__': '__evaluator__', '__builtins__': dict(_SAFE_BUILTINS), 'EvalOutput': EvalOutput}
    try:
        try:
            compiled = compile(code, 'evaluator.py', 'exec')
        except SyntaxError as e:
            return _failure('syntax_error', 'SyntaxError: %s (line %s)' % (e.msg, e.lineno))
        exec(compiled, scope)
        run = scope.get('exec_evaluation')
        if not callable(run):
            return _failure('runtime_error', 'define def exec_evaluation(turn)')
        answer = _result(run(_json.loads(turn_json)))
    except KeyboardInterrupt:
        return _failure('interrupted', '')
    except MemoryError:
        return _failure('out_of_memory', '')
    except RecursionError as e:
        return _failure('runtime_error', 'RecursionError: maximum recursion depth exceeded' + _where(e))
    except BaseException as e:
        if _state['violation'] is not None:
            return _failure('sandbox_violation', 'the code attempted ' + _state['violation'])
        return _failure('runtime_error', '%s: %s%s' % (type(e).__name__, e, _where(e)))
    if _state['violation'] is not None:
        return _failure('sandbox_violation', 'the code attempted ' + _state['violation'])
    return answer


def _spanloop_check(code):
    import ast
    try:
        tree = ast.parse(code, 'evaluator.py')
    except SyntaxError as e:
        return _json.dumps(['SyntaxError: %s (line %s)' % (e.msg, e.lineno)])
    defined = any(isinstance(n, ast.FunctionDef) and n.name == 'exec_evaluation' for n in tree.body)
    return _json.dumps([] if defined else ['the code must define def exec_evaluation(turn)'])
`;
