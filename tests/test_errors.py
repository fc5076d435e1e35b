"""One exception hierarchy (issue 18): every error the package raises on purpose derives from
GovernanceAnalyticsError, and the errors about input remain ValueErrors."""

import inspect

import pytest

import governance_analytics.errors as errors


def test_every_error_derives_from_the_package_base():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    assert {c.__name__ for c in classes} == set(errors.__all__)
    for cls in classes:
        if issubclass(cls, Warning):
            continue
        assert issubclass(cls, errors.GovernanceAnalyticsError), cls
    assert all(
        issubclass(getattr(errors, n), ValueError)
        for n in ("SchemaViolation", "UnreadableFile", "AmbiguousDates", "EncodingProblem", "OutputRefused")
    )


def test_no_exception_class_is_defined_outside_errors():
    import ast
    from pathlib import Path

    package = Path(errors.__file__).parent
    defined = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and path.name != "errors.py":
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if bases & {
                    "Exception",
                    "ValueError",
                    "UserWarning",
                    "Warning",
                    "RuntimeError",
                    "TypeError",
                    "KeyError",
                    "OSError",
                    "GovernanceAnalyticsError",
                }:
                    defined.append(f"{path.relative_to(package)}:{node.name}")
    assert defined == []


def test_the_command_line_reports_a_package_error_without_a_traceback(tmp_path, capsys):
    from governance_analytics.cli import main

    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert main(["map", str(tmp_path / "empty.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    with pytest.raises(errors.GovernanceAnalyticsError):
        main(["map", str(tmp_path / "empty.csv"), "--debug"])
