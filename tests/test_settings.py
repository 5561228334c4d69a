"""The settings object: every field documented, frozen, and changed only by a sweep's copy."""

from __future__ import annotations

import ast
import inspect

import pytest

from ketamine_tui import settings as settings_module
from ketamine_tui.engine import Engine
from ketamine_tui.settings import DEFAULT_SETTINGS, Settings


def test_every_setting_has_a_one_line_docstring() -> None:
    body = ast.parse(inspect.getsource(settings_module)).body
    cls = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    documented = set()
    for before, after in zip(cls.body, cls.body[1:], strict=False):
        if (
            isinstance(before, ast.AnnAssign)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            text = after.value.value
            assert "\n" not in text.strip() and text.strip().endswith("."), before.target
            documented.add(before.target.id)  # type: ignore[attr-defined]
    assert documented == set(Settings._fields)


def test_settings_are_frozen_and_changes_make_a_copy() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_SETTINGS.min_support = 0.1  # type: ignore[misc]
    changed, report = DEFAULT_SETTINGS.changed(["min_support=0.3", "max-sentences=2"])
    assert (changed.min_support, changed.max_sentences) == (0.3, 2)
    assert report == [("min_support", 0.35, 0.3), ("max_sentences", 3, 2)]
    assert DEFAULT_SETTINGS.min_support == 0.35
    for bad in ("min_support", "nothing=1", "max_sentences=2.5", "min_support=high"):
        with pytest.raises(ValueError):
            DEFAULT_SETTINGS.changed([bad])


def test_the_engine_uses_the_settings_it_was_given(corpus_dir: object) -> None:
    one, _ = DEFAULT_SETTINGS.changed(["max_sentences=1", "snippet_chars=60"])
    engine = Engine.in_memory(corpus_dir, settings=one)  # type: ignore[arg-type]
    answer = engine.ask("What are the side effects of ketamine?")
    assert answer.answered and len(answer.sentences) == 1
    assert all(len(h.snippet.text) <= 60 for h in engine.search("side effects").hits)
