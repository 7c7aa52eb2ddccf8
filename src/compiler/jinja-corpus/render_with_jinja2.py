"""The reference renderer of the differential suite: Python's jinja2 set up as dbt sets it up.

Reads a JSON list of cases on stdin ({name, template, context, macros}) and writes a JSON list of results:
{"output": text} or {"error": "Type: message"}. One process renders the whole corpus.
"""
import datetime
import hashlib
import itertools
import json
import re
import sys

import jinja2
import jinja2.runtime
import yaml


class MacroReturn(Exception):
    def __init__(self, value):
        self.value = value


_invoke = jinja2.runtime.Macro._invoke


def _invoke_catching_return(self, arguments, autoescape):
    # dbt's MacroGenerator turns return(x) into the macro's value.
    try:
        return _invoke(self, arguments, autoescape)
    except MacroReturn as ret:
        return ret.value


jinja2.runtime.Macro._invoke = _invoke_catching_return


class CompilationError(Exception):
    pass


def raise_compiler_error(msg, node=None):
    raise CompilationError(msg)


def warn(msg, node=None):
    return ""


def do_return(value=None):
    raise MacroReturn(value)


def tojson(value, default=None, sort_keys=False):
    try:
        return json.dumps(value, sort_keys=sort_keys)
    except ValueError:
        return default


def fromjson(string, default=None):
    try:
        return json.loads(string)
    except ValueError:
        return default


def toyaml(value, default=None, sort_keys=False):
    try:
        return yaml.safe_dump(data=value, sort_keys=sort_keys)
    except (ValueError, yaml.YAMLError):
        return default


def fromyaml(value, default=None):
    try:
        return yaml.safe_load(value)
    except (AttributeError, ValueError, yaml.YAMLError):
        return default


def _zip(*args, default=None):
    try:
        return zip(*args)
    except TypeError:
        return default


def _set(value, default=None):
    try:
        return set(value)
    except TypeError:
        return default


def set_strict(value):
    return set(value)


def local_md5(value):
    return hashlib.md5(value.encode("utf-8")).hexdigest()


def _print(msg):
    return ""


def make_environment():
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    for name in ("as_bool", "as_number", "as_text", "as_native"):
        env.filters[name] = lambda value: value
    env.globals.update(
        {
            "return": do_return,
            "tojson": tojson,
            "fromjson": fromjson,
            "toyaml": toyaml,
            "fromyaml": fromyaml,
            "zip": _zip,
            "set": _set,
            "set_strict": set_strict,
            "local_md5": local_md5,
            "print": _print,
            "exceptions": {"raise_compiler_error": raise_compiler_error, "warn": warn},
            "modules": {"datetime": datetime, "re": re, "itertools": itertools},
            "run_started_at": datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc),
        }
    )
    return env


def render(case):
    env = make_environment()
    # As in dbt, macros see the node's context.
    env.globals.update(case.get("context") or {})
    macros = case.get("macros")
    if macros:
        module = env.from_string(macros).module
        for name in dir(module):
            if not name.startswith("_"):
                env.globals[name] = getattr(module, name)
    return env.from_string(case["template"]).render(**(case.get("context") or {}))


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append({"output": render(case)})
        except Exception as error:  # every failure is a result: the suite compares them
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
