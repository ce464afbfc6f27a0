"""The shape of the code: which app may import which, how long a module may grow, module names.

The three apps are layered: ``seminars`` → ``models_registry`` → ``emulation_cluster``. A lower
app never imports a higher one. The modules are read with ``ast``, never imported, so a module no
test happens to import (a management command, a template tag library, a migration) is checked too,
and so is an import hidden inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("emulation_cluster", "models_registry", "seminars")
# What each app must never import: every app above it.
FORBIDDEN = {
    "emulation_cluster": ("models_registry", "seminars"),
    "models_registry": ("seminars",),
}
MAX_LINES = 420
# Names that point at an import done at run time: ``importlib.import_module("seminars.x")``.
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


def python_files(app: str) -> list[Path]:
    files = sorted(
        path
        for path in (ROOT / app).rglob("*.py")
        if "__pycache__" not in path.parts and ".venv" not in path.parts
    )
    assert files, f"no Python module found under {app}/"
    return files


def module_name(path: Path) -> str:
    """Dotted name of the module at ``path`` (``emulation_cluster.templatetags.portal``)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path):
    """(line, dotted name) of every module ``path`` imports, wherever the import statement is.

    Relative imports are resolved against the module's own package, so ``from ..x import y``
    is seen under its absolute name.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            yield node.lineno, target
            # ``from . import seminars`` would name the module in the alias, not in ``module``.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}" if target else alias.name
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if (
                name in DYNAMIC_IMPORTERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield node.lineno, node.args[0].value


def names_app(dotted: str, app: str) -> bool:
    return dotted == app or dotted.startswith(app + ".")


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_apps_do_not_import_higher_ones(app):
    offences = []
    for path in python_files(app):
        for line, name in imported_names(path):
            for higher in FORBIDDEN[app]:
                if names_app(name, higher):
                    offences.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not offences, f"{app} must not import {' or '.join(FORBIDDEN[app])}:\n" + "\n".join(
        sorted(set(offences))
    )


def test_the_import_checker_sees_every_form_of_import(tmp_path, monkeypatch):
    """The checker itself: each spelling of an import is found, a string reference is not."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    package = tmp_path / "emulation_cluster" / "templatetags"
    package.mkdir(parents=True)
    (tmp_path / "emulation_cluster" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    module = package / "sample.py"
    module.write_text(
        "import seminars\n"
        "import models_registry.models as registry\n"
        "from seminars import selectors\n"
        "from seminars.qa.models import Question\n"
        "def view():\n"
        "    from models_registry.services import publish\n"
        "    return publish\n"
        "from ... import seminars\n"
        "import importlib\n"
        "importlib.import_module('seminars.notices')\n"
        "urls = include('seminars.urls')\n"
        "INSTALLED_APPS = ['seminars']\n"
        "import seminars_extra\n"
    )
    found = {
        (line, name)
        for line, name in imported_names(module)
        if names_app(name, "seminars") or names_app(name, "models_registry")
    }
    assert {line for line, _ in found} == {1, 2, 3, 4, 6, 8, 10}
    assert (8, "seminars") in found


def test_no_module_is_longer_than_the_limit():
    too_long = []
    for app in APPS:
        for path in python_files(app):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            if path.name.startswith("test_") or path.name == "tests.py":
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{relative}: {lines} lines")
    assert not too_long, f"modules longer than {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_no_module_name_starts_with_qa_():
    """Q&A code lives in the ``seminars.qa`` package, not in ``qa_*`` modules next to it."""
    offenders = []
    for app in APPS:
        for path in python_files(app):
            relative = path.relative_to(ROOT)
            for part in (*relative.parent.parts, path.stem):
                if part.startswith("qa_"):
                    offenders.append(str(relative))
                    break
    assert not offenders, "modules named qa_*:\n" + "\n".join(offenders)


# Sending mail is the outbox's job alone: anything else writes a row (``outbox.sending.enqueue``).
MAIL_SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "send_messages"}
THE_SENDER = Path("emulation_cluster/outbox/sending.py")


def _sends_mail(node) -> bool:
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name in MAIL_SENDERS or name == "get_connection":
        return True
    # ``message.send()``: an EmailMessage sent on the spot (a ``.send(...)`` with arguments is
    # something else, such as a signal's).
    return name == "send" and not node.args and not node.keywords


def test_no_code_sends_mail_except_the_outbox():
    offenders = []
    for app in APPS:
        for path in python_files(app):
            relative = path.relative_to(ROOT)
            if relative == THE_SENDER or "migrations" in relative.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{relative}:{n.lineno}" for n in ast.walk(tree) if _sends_mail(n)]
    assert not offenders, "mail sent outside the outbox:\n" + "\n".join(offenders)
    sender = ast.parse((ROOT / THE_SENDER).read_text(encoding="utf-8"))
    assert any(_sends_mail(node) for node in ast.walk(sender))  # the check does see a send
