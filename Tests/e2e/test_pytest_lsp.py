"""policylint serve driven by pytest-lsp, impersonating VS Code (push, UTF-16) and Neovim (pull, UTF-8):
open -> diagnostics -> incremental edit -> new diagnostics -> code action -> hover -> shutdown.
The server's diagnostics must equal `policylint check --format json` for the same file and configuration."""
import json
import pathlib
import urllib.parse

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities, make_test_lsp_client

from conftest import (cli_diagnostics, convert_positions, policylint_bin, require_findings, split_lines,
                      utf16_to_utf8)


def server_command():
    return [policylint_bin(), "serve", "--stdio"]


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus an answer to `client/registerCapability` (the VS Code capabilities it
    impersonates allow dynamic registration of watched files)."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=["sh", "-c", 'exec "$POLICYLINT_BIN" serve --stdio'], client_factory=make_client),
    params=["visual-studio-code", "neovim"],
)
async def client(request, lsp_client: LanguageClient, workspace):
    policylint_bin()
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.policylint_init = result
    lsp_client.policylint_workspace = workspace
    yield
    await lsp_client.shutdown_session()


def to_json(converter, value):
    return json.loads(json.dumps(converter.unstructure(value)))


async def current_diagnostics(client: LanguageClient, uri: str, version: int) -> list:
    converter = client.protocol._converter
    if client.policylint_init.capabilities.diagnostic_provider is not None:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert report.kind == "full"
        return to_json(converter, report.items)
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return to_json(converter, params.diagnostics)


def as_utf16(client: LanguageClient, value, text: str):
    """Server positions converted to UTF-16 to compare with the CLI's."""
    encoding = client.policylint_init.capabilities.position_encoding or "utf-16"
    if encoding == "utf-16":
        return value

    def back(line, character):
        if encoding == "utf-8":
            raw = line.encode("utf-8")[:character].decode("utf-8")
        else:
            raw = line[:character]
        return sum(2 if ord(c) > 0xFFFF else 1 for c in raw)

    def file_lines(uri: str, draft_uri: str):
        if uri == draft_uri:
            return split_lines(text)
        return split_lines(pathlib.Path(urllib.parse.unquote(urllib.parse.urlparse(uri).path)).read_text(encoding="utf-8"))

    converted = []
    for d in value:
        related = d.get("relatedInformation")
        d = convert_positions({k: v for k, v in d.items() if k != "relatedInformation"}, split_lines(text), back)
        if related is not None:
            d["relatedInformation"] = [
                dict(r, location=dict(r["location"], range=convert_positions(
                    r["location"]["range"], file_lines(r["location"]["uri"], client.policylint_uri), back)))
                for r in related]
        converted.append(d)
    return converted


def from_utf16(client: LanguageClient, value, text: str):
    encoding = client.policylint_init.capabilities.position_encoding or "utf-16"
    if encoding == "utf-16":
        return value
    if encoding == "utf-8":
        return convert_positions(value, split_lines(text), utf16_to_utf8)
    raise AssertionError(f"unexpected encoding {encoding}")


def apply_edits(text: str, edits: list, encoding: str) -> str:
    lines = split_lines(text)
    flat = text.replace("\r\n", "\n")

    def offset(pos):
        line_start = sum(len(l) + 1 for l in lines[: pos["line"]])
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        if encoding == "utf-8":
            chars = len(line.encode("utf-8")[: pos["character"]].decode("utf-8"))
        else:
            units, chars = 0, 0
            for ch in line:
                if units >= pos["character"]:
                    break
                units += 2 if ord(ch) > 0xFFFF else 1
                chars += 1
        return line_start + chars

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        flat = flat[:a] + e["newText"] + flat[b:]
    return flat


async def test_open_edit_fix_hover_shutdown(client: LanguageClient):
    workspace = client.policylint_workspace
    draft = workspace / "draft.md"
    uri = draft.as_uri()
    client.policylint_uri = uri
    text = draft.read_text(encoding="utf-8")
    expected = cli_diagnostics(draft)
    require_findings(expected)
    encoding = client.policylint_init.capabilities.position_encoding or "utf-16"

    # open -> diagnostics equal to the CLI's
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    got = await current_diagnostics(client, uri, 1)
    assert as_utf16(client, got, text) == expected

    # incremental edit: copy the first flagged line to the end of the document
    first = expected[0]
    line_no = first["range"]["start"]["line"]
    lines = split_lines(text)
    flagged_line = lines[line_no]
    end = {"line": len(lines) - 1, "character": 0}
    if lines[-1] != "":
        end = {"line": len(lines) - 1, "character": len(lines[-1].encode("utf-8")) if encoding == "utf-8" else sum(2 if ord(c) > 0xFFFF else 1 for c in lines[-1])}
    insertion = flagged_line + "\n"
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(**end), end=types.Position(**end)), text=insertion)]))
    edited = text + insertion if lines[-1] == "" else text + "\n" + flagged_line
    draft.write_text(edited, encoding="utf-8")
    expected_after = cli_diagnostics(draft)
    got_after = await current_diagnostics(client, uri, 2)
    assert as_utf16(client, got_after, edited) == expected_after
    assert len(got_after) > len(got)

    # code action on the first diagnostic: a fix and "suppress on this line"
    diagnostic_range = from_utf16(client, first["range"], edited)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(**diagnostic_range["start"]), end=types.Position(**diagnostic_range["end"])),
        context=types.CodeActionContext(diagnostics=[])))
    converter = client.protocol._converter
    actions = to_json(converter, actions)
    suppress = [a for a in actions if "policylint-disable-next-line" in a["title"]]
    assert suppress, actions
    edit = suppress[0]["edit"]
    edits = edit["documentChanges"][0]["edits"] if "documentChanges" in edit else edit["changes"][uri]
    suppressed = apply_edits(edited, edits, encoding)
    assert f"<!-- policylint-disable-next-line {first['code']} -->" in suppressed
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=suppressed)]))
    got_suppressed = await current_diagnostics(client, uri, 3)
    assert not [d for d in got_suppressed if d["code"] == first["code"] and d["range"]["start"]["line"] == line_no + 1]

    # hover on a flagged range shows the rule, its message and its evidence
    with_evidence = [d for d in got_suppressed if d.get("relatedInformation")]
    assert with_evidence or not [d for d in got if d.get("relatedInformation")]
    for d in with_evidence[:2]:
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(**d["range"]["start"])))
        assert hover is not None
        for related in d["relatedInformation"]:
            assert related["message"] in hover.contents.value, hover.contents.value
    target = got_suppressed[0] if got_suppressed else None
    if target is not None:
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(**target["range"]["start"])))
        assert hover is not None
        assert target["code"] in hover.contents.value
        assert target["message"] in hover.contents.value


async def test_reload_corpus_command_reports_progress(client: LanguageClient):
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="policylint.reloadCorpus", arguments=[]))
    assert result is None
    values = [v for reports in client.progress_reports.values() for v in reports]
    kinds = [type(v).__name__ for v in values]
    assert "WorkDoneProgressBegin" in kinds and "WorkDoneProgressEnd" in kinds
    # The workspace's .policylint.json names the one-document fixture corpus.
    assert any(isinstance(v, types.WorkDoneProgressEnd) and v.message == "1 篇文档" for v in values), values


def position_of(text: str, needle: str, encoding: str, offset: int = 0) -> dict:
    """The position of `needle` (plus `offset` characters) in `text`, counted in the negotiated encoding."""
    for number, line in enumerate(split_lines(text)):
        at = line.find(needle)
        if at >= 0:
            prefix = line[:at + offset]
            if encoding == "utf-8":
                return {"line": number, "character": len(prefix.encode("utf-8"))}
            return {"line": number, "character": sum(2 if ord(c) > 0xFFFF else 1 for c in prefix)}
    raise AssertionError(f"{needle!r} is not in the text")


async def hover_at(client: LanguageClient, uri: str, position: dict):
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(**position)))


async def test_figure_findings_match_the_cli_and_hover_reads_figures(client: LanguageClient):
    """figure/ findings (after an astral character) equal the CLI's, with the workspace's rule settings; hover
    shows a figure's value, unit and subject, alone or beside a finding and its evidence."""
    draft = client.policylint_workspace / "figures.md"
    uri = draft.as_uri()
    client.policylint_uri = uri
    text = draft.read_text(encoding="utf-8")
    expected = cli_diagnostics(draft)
    encoding = client.policylint_init.capabilities.position_encoding or "utf-16"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    got = await current_diagnostics(client, uri, 1)
    assert as_utf16(client, got, text) == expected
    by_code = {d["code"]: d for d in got}
    # The workspace's .policylint.json makes figure/count an error, for the CLI and the server alike.
    assert by_code["figure/count"]["severity"] == 1, got
    assert by_code["figure/mismatch"]["relatedInformation"], got

    # A figure without a finding: its value, unit and subject; the hover's range is the figure's.
    hover = await hover_at(client, uri, position_of(text, "8万个", encoding, 1))
    assert hover is not None
    value = hover.contents.value
    assert "“8万个”" in value and "数值：80000（整数）" in value and "单位：“个”" in value, value
    assert "所指：“今年全市新增学位”" in value, value
    start, end = position_of(text, "8万个", encoding), position_of(text, "8万个", encoding, 3)
    assert (hover.range.start.line, hover.range.start.character) == (start["line"], start["character"])
    assert (hover.range.end.line, hover.range.end.character) == (end["line"], end["character"])

    # A flagged count: the finding, then the figure as read.
    count = by_code["figure/count"]
    hover = await hover_at(client, uri, count["range"]["start"])
    value = hover.contents.value
    assert count["message"] in value and "数值：2（整数）" in value, value
    assert value.index("figure/count") < value.index("“两个”"), value

    # A flagged figure with evidence: the evidence and the figure.
    mismatch = by_code["figure/mismatch"]
    hover = await hover_at(client, uri, mismatch["range"]["start"])
    value = hover.contents.value
    assert mismatch["message"] in value and "证据：" in value, value
    for related in mismatch["relatedInformation"]:
        assert related["message"] in value, value
    assert "数值：60000（整数）" in value, value
