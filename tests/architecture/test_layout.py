"""The layout the import-linter contracts cannot see: every core module sits in a layer, no
layer is split into prefixed or suffixed files, nothing hides an import inside a function to
dodge an import loop, and the signals that carry news up the layers are connected."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "peernetworks",
    "participants",
    "cohorts",
    "sessions",
    "one_to_one",
    "feedback",
    "quality",
    "reporting",
    "privacy",
    "demo",
]
LAYER_NAMES = "views|urls|forms|services|selectors|admin|models|tasks|rules"
SPLIT_LAYER = re.compile(rf"^(({LAYER_NAMES})_\w+|\w+_({LAYER_NAMES}))\.py$")


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def test_every_core_module_sits_in_a_layer_of_the_contract():
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in re.split(r"[:|]", layer)}
    core = {
        f"peernetworks.{path.stem if path.parent.name == 'peernetworks' else path.parent.name}"
        for app, path in _sources()
        if app == "peernetworks" and path.name != "__init__.py"
    }
    core = {name if not name.endswith(".commands") else "peernetworks.management" for name in core}
    missing = sorted(
        name
        for name in core
        if not any(name == n or name.startswith(n + ".") for n in named)
        and name.split(".")[1] not in {"settings", "management", "templatetags"}
    )
    assert missing == []


def test_no_layer_is_split_into_prefixed_or_suffixed_modules():
    # Management commands are named for what operators type, not by layer.
    split = [
        str(path.relative_to(ROOT))
        for _, path in _sources()
        if SPLIT_LAYER.match(path.name) and "commands" not in path.parts
    ]
    assert split == []


def test_no_star_imports():
    # Settings modules extend the base settings the Django way (`from .base import *`).
    starred = [
        str(path.relative_to(ROOT))
        for _, path in _sources()
        if "settings" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
    ]
    assert starred == []


def _imports_inside_functions(app: str, path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                top = inner.module.split(".")[0]
            elif isinstance(inner, ast.Import):
                top = inner.names[0].name.split(".")[0]
            else:
                continue
            if top in APPS and top != app:
                found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_app_imports_another_inside_a_function():
    # An import inside a function across apps is an import loop being dodged. App configs'
    # ready() connect their own receivers only, so they are held to the same rule.
    hidden = [line for app, path in _sources() for line in _imports_inside_functions(app, path)]
    assert hidden == []


@pytest.mark.parametrize(
    ("signal_path", "receiver_uid"),
    [
        ("peernetworks.signals.programme_year_started", "feedback.copy_survey_questions"),
        ("sessions.signals.session_delivered", "feedback.invite_attendees"),
        ("sessions.signals.participant_dropped_out", "feedback.invite_to_drop_out_survey"),
        ("feedback.signals.feedback_submitted", "quality.open_item_for_low_feedback"),
    ],
)
def test_each_upward_signal_is_connected_to_its_receiver(signal_path, receiver_uid):
    module, name = signal_path.rsplit(".", 1)
    signal = getattr(__import__(module, fromlist=[name]), name)
    uids = {entry[0][0] for entry in signal.receivers}  # (dispatch_uid, sender id)
    assert receiver_uid in uids
