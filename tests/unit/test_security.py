"""Security checks on the server settings and the source: no unsafe deserialisation, no dynamic
code, no shell, and no user-controlled text into an HTML or JavaScript sink."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"
SCANNED = ("app.py", "pages", "ui", "explorers", "datasets", "bench")

BANNED_MODULES = frozenset({"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill"})
BANNED_BUILTINS = frozenset({"eval", "exec", "compile"})
# (module, attribute) pairs that deserialise arbitrary objects or run a shell.
BANNED_ATTRIBUTES = frozenset(
    {
        ("joblib", "load"),
        ("pd", "read_pickle"),
        ("pandas", "read_pickle"),
        ("yaml", "load"),
        ("yaml", "load_all"),
        ("yaml", "full_load"),
        ("yaml", "unsafe_load"),
        ("os", "system"),
        ("os", "popen"),
        ("subprocess", "getoutput"),
        ("subprocess", "getstatusoutput"),
    }
)
# Keywords that turn a call into an HTML or JavaScript sink when not literally False.
UNSAFE_KEYWORDS = ("unsafe_allow_html", "unsafe_allow_javascript")
BODY_KEYWORDS = ("body", "html")


# --- the configuration ----------------------------------------------------------------------------


def _config() -> dict[str, dict[str, object]]:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_xsrf_protection_is_on():
    assert _config()["server"]["enableXsrfProtection"] is True


def test_uploads_are_capped_small():
    size = _config()["server"]["maxUploadSize"]
    assert isinstance(size, int)
    assert 0 < size <= 10, "megabytes"


def test_viewers_see_no_traceback_and_no_developer_menu():
    client = _config()["client"]
    assert client["showErrorDetails"] == "none"
    assert client["toolbarMode"] == "viewer"


def test_usage_statistics_are_off():
    assert _config()["browser"]["gatherUsageStats"] is False


def test_every_setting_is_one_streamlit_knows():
    """A misspelt option is silently ignored by Streamlit, so a typo would switch a protection off."""
    known = set(st_config.get_config_options())
    settings = {f"{section}.{name}" for section, table in _config().items() for name in table}
    assert settings, "the file holds settings"
    assert settings <= known, sorted(settings - known)


# --- the source scanner ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place."""

    where: str
    line: int
    rule: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.rule}"


def _root_and_attribute(func: ast.expr) -> tuple[str, str] | None:
    """``("yaml", "load")`` for ``yaml.load`` (and for ``a.yaml.load``: the last two names)."""
    if isinstance(func, ast.Attribute):
        value = func.value
        if isinstance(value, ast.Name):
            return value.id, func.attr
        if isinstance(value, ast.Attribute):
            return value.attr, func.attr
    return None


def _bindings(tree: ast.Module) -> dict[str, int]:
    """How many times each name is bound anywhere in the module (assignments, parameters, imports,
    definitions, loop and ``with`` targets), so a constant shadowed or rebound is not trusted."""
    counts: dict[str, int] = {}

    def bind(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bind(node.id)
        elif isinstance(node, ast.arg):
            bind(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bind(node.name)
        elif isinstance(node, ast.alias):
            bind((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                bind(name)
    return counts


def _module_string_constants(tree: ast.Module) -> set[str]:
    """Names bound once in the whole module, at module level, to a string literal."""
    counts = _bindings(tree)
    constants: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            constants.update(
                target.id for target in targets if isinstance(target, ast.Name) and counts[target.id] == 1
            )
    return constants


def _is_constant_text(node: ast.expr, constants: set[str]) -> bool:
    """A string literal, a module-level string constant, or a choice between two such."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.IfExp):
        return _is_constant_text(node.body, constants) and _is_constant_text(node.orelse, constants)
    return False


def _is_html_sink(call: ast.Call) -> bool:
    """``st.html(...)``, ``components.html(...)``, ``html(...)`` imported from streamlit, or any
    call with ``unsafe_allow_html`` / ``unsafe_allow_javascript`` not literally False."""
    func = call.func
    named_html = (isinstance(func, ast.Attribute) and func.attr == "html") or (
        isinstance(func, ast.Name) and func.id == "html"
    )
    unsafe = any(
        kw.arg in UNSAFE_KEYWORDS and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
        for kw in call.keywords
    )
    return named_html or unsafe


def _sink_body(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((kw.value for kw in call.keywords if kw.arg in BODY_KEYWORDS), None)


class _Scanner(ast.NodeVisitor):
    def __init__(self, where: str, tree: ast.Module) -> None:
        self.where = where
        self.constants = _module_string_constants(tree)
        self.findings: list[Finding] = []
        self.sinks_checked = 0

    def report(self, node: ast.AST, rule: str) -> None:
        self.findings.append(Finding(self.where, getattr(node, "lineno", 0), rule))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in BANNED_MODULES:
                self.report(node, f"imports {alias.name} (unsafe deserialisation)")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module.split(".")[0] in BANNED_MODULES:
            self.report(node, f"imports from {module} (unsafe deserialisation)")
        for alias in node.names:
            if alias.name in BANNED_MODULES or (module.split(".")[0], alias.name) in BANNED_ATTRIBUTES:
                self.report(node, f"imports {alias.name} from {module}")
            if module == "os" and alias.name in {"system", "popen"}:
                self.report(node, f"imports os.{alias.name} (shell)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in BANNED_BUILTINS:
            self.report(node, f"calls {func.id}() (dynamic code)")
        pair = _root_and_attribute(func)
        if pair is not None:
            if pair in BANNED_ATTRIBUTES:
                self.report(node, f"calls {pair[0]}.{pair[1]}()")
            if pair[0] in BANNED_MODULES:
                self.report(node, f"calls {pair[0]}.{pair[1]}() (unsafe deserialisation)")
            if pair[0] == "builtins" and pair[1] in BANNED_BUILTINS:
                self.report(node, f"calls builtins.{pair[1]}() (dynamic code)")
        for kw in node.keywords:
            if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                self.report(node, "runs a command through the shell (shell=True)")
            if kw.arg == "allow_pickle" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                self.report(node, "loads with allow_pickle (unsafe deserialisation)")
        if _is_html_sink(node):
            self.sinks_checked += 1
            body = _sink_body(node)
            if body is None or not _is_constant_text(body, self.constants):
                self.report(node, "HTML/JavaScript sink not given a module-level string constant")
        self.generic_visit(node)


def scan_source(source: str, where: str = "<snippet>") -> tuple[list[Finding], int]:
    """The rules ``source`` breaks, and how many HTML/JavaScript sinks it checked."""
    tree = ast.parse(source, filename=where)
    scanner = _Scanner(where, tree)
    scanner.visit(tree)
    return scanner.findings, scanner.sinks_checked


def _scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def test_the_scanned_source_is_found():
    files = _scanned_files()
    assert ROOT / "app.py" in files
    for folder in SCANNED[1:]:
        assert any(path.parent.name == folder for path in files), folder


def test_the_source_breaks_no_security_rule():
    findings: list[Finding] = []
    sinks = 0
    for path in _scanned_files():
        found, checked = scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        findings += found
        sinks += checked
    assert not findings, "\n".join(map(str, findings))
    assert sinks >= 2, "the share-link button and the page styles are HTML sinks the scan must see"


# --- each rule can fail ---------------------------------------------------------------------------

ST = "import streamlit as st\n"
VIOLATIONS = {
    "import pickle": "import pickle\n",
    "import marshal": "import marshal as m\n",
    "import shelve": "import shelve\n",
    "import dill": "import dill\n",
    "from pickle": "from pickle import loads\n",
    "pickle call": "x = pickle.loads(b'')\n",
    "joblib.load": "import joblib\nmodel = joblib.load('m.joblib')\n",
    "from joblib import load": "from joblib import load\n",
    "eval": "value = eval(text)\n",
    "exec": "exec(code)\n",
    "compile": "code = compile(text, 'f', 'exec')\n",
    "builtins.eval": "import builtins\nbuiltins.eval(text)\n",
    "pd.read_pickle": "import pandas as pd\nframe = pd.read_pickle(path)\n",
    "pandas.read_pickle": "import pandas\nframe = pandas.read_pickle(path)\n",
    "from pandas import read_pickle": "from pandas import read_pickle\n",
    "np.load allow_pickle": "import numpy as np\narrays = np.load(path, allow_pickle=True)\n",
    "yaml.load": "import yaml\ndata = yaml.load(text, Loader=yaml.Loader)\n",
    "yaml.unsafe_load": "import yaml\ndata = yaml.unsafe_load(text)\n",
    "subprocess shell": "import subprocess\nsubprocess.run(cmd, shell=True)\n",
    "Popen shell variable": "from subprocess import Popen\nPopen(cmd, shell=use_shell)\n",
    "getoutput": "import subprocess\nsubprocess.getoutput(cmd)\n",
    "os.system": "import os\nos.system(cmd)\n",
    "os.popen": "import os\nos.popen(cmd)\n",
    "from os import system": "from os import system\n",
    "markdown f-string": ST + "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n",
    "markdown variable": ST + "def f(text):\n    st.markdown(text, unsafe_allow_html=True)\n",
    "markdown concatenation": ST + "st.markdown('<b>' + name, unsafe_allow_html=True)\n",
    "markdown format": ST + "st.markdown('<b>{}</b>'.format(name), unsafe_allow_html=True)\n",
    "markdown percent": ST + "st.write('<b>%s</b>' % name, unsafe_allow_html=True)\n",
    "unsafe flag variable": ST + "st.markdown(user_text, unsafe_allow_html=flag)\n",
    "html variable": ST + "st.html(user_text)\n",
    "html f-string": ST + "st.html(f'<p>{x}</p>')\n",
    "html keyword body": ST + "st.html(body=user_text)\n",
    "html no body": ST + "st.html(*parts)\n",
    "components html": "import streamlit.components.v1 as c\nc.html(page, height=10)\n",
    "html from streamlit": "from streamlit import html\nhtml(text)\n",
    "javascript variable": ST + "st.html(script, unsafe_allow_javascript=True)\n",
    "constant rebound": ST + "CSS = '<style></style>'\nCSS = user_css\nst.html(CSS)\n",
    "constant shadowed": (ST + "CSS = '<style></style>'\ndef f(CSS):\n    st.html(CSS)\n"),
    "constant made global": (
        ST + "CSS = '<style></style>'\ndef f(text):\n    global CSS\n    CSS = text\nst.html(CSS)\n"
    ),
    "constant not a string": ST + "CSS = make_css()\nst.html(CSS)\n",
    "choice with a variable": ST + "A = '<b></b>'\nst.html(A if on else text)\n",
}


@pytest.mark.parametrize("snippet", VIOLATIONS.values(), ids=VIOLATIONS.keys())
def test_the_scanner_reports_each_violation_with_its_line(snippet: str):
    findings, _ = scan_source(snippet, "snippet.py")
    assert findings, snippet
    last_line = len(snippet.rstrip("\n").splitlines())
    assert any(f.line == last_line for f in findings), [str(f) for f in findings]
    assert all(str(f).startswith("snippet.py:") for f in findings)


SAFE = {
    "regex compile": "import re\npattern = re.compile('a+')\n",
    "literal_eval": "import ast\nvalue = ast.literal_eval('1')\n",
    "yaml.safe_load": "import yaml\ndata = yaml.safe_load(text)\n",
    "subprocess list": "import subprocess\nsubprocess.run(['ls'], check=True, shell=False)\n",
    "markdown without html": ST + "st.markdown(f'**{name}**')\n",
    "markdown html off": ST + "st.markdown(text, unsafe_allow_html=False)\n",
    "html literal": ST + "st.html('<style>p {}</style>')\n",
    "html constant": ST + "CSS = '<style></style>'\ndef f():\n    st.html(CSS)\n",
    "html constant choice": ST + "A = '<b></b>'\nB: str = '<i></i>'\nst.html(A if on else B)\n",
    "javascript constant": ST + "JS = '<script></script>'\nst.html(JS, unsafe_allow_javascript=True)\n",
    "html.escape": "import html\nsafe = html.escape(text)\n",
    "numpy load": "import numpy as np\narrays = np.load(path)\n",
}


@pytest.mark.parametrize("snippet", SAFE.values(), ids=SAFE.keys())
def test_the_scanner_accepts_safe_code(snippet: str):
    findings, _ = scan_source(snippet)
    assert not findings, [str(f) for f in findings]


def test_the_scanner_counts_the_sinks_it_checked():
    _, sinks = scan_source(SAFE["html constant choice"] + SAFE["javascript constant"])
    assert sinks == 2
