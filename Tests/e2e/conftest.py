"""Shared helpers for the end-to-end tests of `policylint serve` with real LSP clients.

The tests need POLICYLINT_BIN (the built executable); the XCTest `EndToEndTests` sets it.
"""
import json
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures" / "server"


def policylint_bin() -> str:
    path = os.environ.get("POLICYLINT_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("POLICYLINT_BIN is not set to the built policylint executable")
    return path


@pytest.fixture
def workspace(tmp_path):
    """A workspace with the fixture drafts and a .policylint.json naming the fixture corpus (and raising
    `figure/count` to an error, so a rule setting is part of what the CLI and the server must agree on).

    The CLI and the server both find that .policylint.json above the drafts, so they judge them alike.
    """
    for name in ("draft.md", "figures.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    config = {"corpus": str(FIXTURES / "corpus"), "rules": {"figure/count": "error"}}
    (tmp_path / ".policylint.json").write_text(json.dumps(config), encoding="utf-8")
    return tmp_path


def cli_diagnostics(path: pathlib.Path) -> list:
    """What `policylint check --format json` reports for one file (positions in UTF-16)."""
    out = subprocess.run(
        [policylint_bin(), "check", "--format", "json", "--fail-on", "never", str(path)],
        capture_output=True, text=True, check=True,
    )
    files = json.loads(out.stdout)["files"]
    assert len(files) == 1, out.stdout
    return files[0]["diagnostics"]


def require_findings(diagnostics: list):
    if not diagnostics:
        pytest.skip("no registered check fires on the fixture draft yet (checks are merged from the family branches)")


def utf16_to_utf8(line: str, character: int) -> int:
    """Converts a UTF-16 column on `line` to a UTF-8 byte column."""
    units = 0
    for i, ch in enumerate(line):
        if units >= character:
            return len(line[:i].encode("utf-8"))
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line.encode("utf-8"))


def convert_positions(value, lines: list, convert):
    """Rewrites every {line, character} in a JSON value with `convert(line_text, character)`."""
    if isinstance(value, dict):
        if set(value.keys()) == {"line", "character"}:
            text = lines[value["line"]] if value["line"] < len(lines) else ""
            return {"line": value["line"], "character": convert(text, value["character"])}
        return {k: convert_positions(v, lines, convert) for k, v in value.items()}
    if isinstance(value, list):
        return [convert_positions(v, lines, convert) for v in value]
    return value


def split_lines(text: str) -> list:
    """Lines as LSP counts them (\\n, \\r\\n or \\r end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
