"""Times `policylint serve` round trips (not collected by pytest; run by hand against a release build):

    swift build -c release --scratch-path .build-release
    python3 Tests/e2e/roundtrip_timing.py .build-release/release/policylint ../shared/corpus \
        Tests/Fixtures/shared-corpus-manifest.json

Builds a ~20,000-character draft in a temporary directory from excerpts of the corpus (so every duplicate
check has work to do; nothing is written into the project), then reports: didChange -> publishDiagnostics
over 20 one-character edits, how long a request sent right after an edit waits, a burst of 30 edits, and
8 such drafts edited at once.
"""
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time


class Server:
    def __init__(self, binary, corpus, manifest):
        self.p = subprocess.Popen([binary, "serve", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.inbox = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "processId": None, "capabilities": {},
            "initializationOptions": {"corpus": os.path.abspath(corpus), "manifest": os.path.abspath(manifest)}}})
        self.wait(lambda m: m.get("id") == 0)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def _read(self):
        f = self.p.stdout
        while True:
            headers = {}
            while True:
                line = f.readline()
                if not line:
                    return
                if not line.strip():
                    break
                k, v = line.decode().split(":", 1)
                headers[k.strip().lower()] = v.strip()
            self.inbox.put((time.perf_counter(), json.loads(f.read(int(headers["content-length"])))))

    def send(self, *messages):
        frames = []
        for m in messages:
            body = json.dumps(m, ensure_ascii=False).encode()
            frames.append(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.write(b"".join(frames))
        self.p.stdin.flush()

    def next(self):
        t, m = self.inbox.get(timeout=60)
        if "id" in m and "method" in m:  # a request from the server
            self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        return t, m

    def wait(self, predicate):
        while True:
            t, m = self.next()
            if predicate(m):
                return t, m

    def close(self):
        self.send({"jsonrpc": "2.0", "id": -1, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == -1)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.p.wait(timeout=10)


def published(m, version):
    return m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version


def open_doc(uri, text):
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}


def insert(uri, version, line, text):
    at = {"line": line, "character": 0}
    return {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": {"start": at, "end": at},
                                                                              "text": text}]}}


def make_draft(corpus: pathlib.Path) -> str:
    parts = ["# 关于做好重点工作的通知", "", "2024年1月5日", ""]
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text[len(text) // 4:len(text) // 4 + 5000])
    parts.append("重点抓好两个方面：一是抓好经济运行调度，二是抓好安全生产，三是抓好民生保障。")
    return "\n".join(parts)[:20500]


def main(binary, corpus, manifest):
    text = make_draft(pathlib.Path(corpus))
    middle = text.count("\n") // 2
    with tempfile.TemporaryDirectory() as tmp:
        uri = pathlib.Path(tmp, "draft.md").as_uri()
        server = Server(binary, corpus, manifest)
        t0 = time.perf_counter()
        server.send(open_doc(uri, text))
        t1, m = server.wait(lambda m: published(m, 1))
        print(f"{len(text)} characters; open (corpus load, index, first lint): {(t1 - t0) * 1000:.1f} ms, "
              f"{len(m['params']['diagnostics'])} diagnostics")
        rounds, probes = [], []
        for version in range(2, 22):
            t0 = time.perf_counter()
            server.send(insert(uri, version, middle, "要"), {"jsonrpc": "2.0", "id": version, "method": "x/none"})
            tp, t1 = None, None
            while tp is None or t1 is None:
                t, m = server.next()
                tp = t if m.get("id") == version else tp
                t1 = t if published(m, version) else t1
            rounds.append((t1 - t0) * 1000)
            probes.append((tp - t0) * 1000)
        print(f"didChange -> publishDiagnostics: median {statistics.median(rounds):.1f} ms "
              f"(min {min(rounds):.1f}, max {max(rounds):.1f}); a request sent with each edit answered in "
              f"median {statistics.median(probes):.2f} ms")
        t0 = time.perf_counter()
        server.send(*[insert(uri, 22 + k, middle, "的") for k in range(30)])
        versions = []
        t1, _ = server.wait(lambda m: published(m, 51) or (m.get("method") == "textDocument/publishDiagnostics"
                                                           and versions.append(m["params"]["version"]) and False))
        print(f"burst of 30 edits: last version published after {(t1 - t0) * 1000:.1f} ms; earlier versions "
              f"published: {versions or 'none'}")
        server.close()

        server = Server(binary, corpus, manifest)
        uris = [pathlib.Path(tmp, f"copy{n}.md").as_uri() for n in range(8)]
        server.send(*[open_doc(u, text) for u in uris])
        seen = set()
        server.wait(lambda m: published(m, 1) and (seen.add(m["params"]["uri"]) or len(seen) == len(uris)))
        t0 = time.perf_counter()
        server.send(*[insert(u, 2, middle, "要") for u in uris], {"jsonrpc": "2.0", "id": 1, "method": "x/none"})
        seen, tp, t1 = set(), None, None
        while tp is None or len(seen) < len(uris):
            t, m = server.next()
            tp = t if m.get("id") == 1 else tp
            if published(m, 2):
                seen.add(m["params"]["uri"])
                t1 = t
        print(f"8 drafts edited at once: all published after {(t1 - t0) * 1000:.0f} ms; a request sent with "
              f"the edits answered in {(tp - t0) * 1000:.1f} ms")
        server.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
