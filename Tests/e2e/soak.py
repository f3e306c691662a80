#!/usr/bin/env python3
"""Soak test: a scripted LSP client drives `policylint serve` over the real stdio transport.

It sends 10,000 incremental edits (with astral characters and line breaks), configuration changes and
corpus reloads, with pull-diagnostic and hover requests in between, then checks that

- every request got exactly one reply, and none was an internal error;
- the server's resident memory stayed flat: VmRSS at the end < 1.5 x VmRSS after warm-up, and it grew by
  less than 8 MB after warm-up (a leak of about a kilobyte per edit would exceed that);
- the edited document's diagnostics equal those of the same final text opened fresh;
- the server wrote none of the workspace's files (drafts and corpus are byte-for-byte unchanged);
- `shutdown` + `exit` ends the process with status 0.

Usage: python3 Tests/e2e/soak.py [--binary .build/debug/policylint] [--edits 10000] [--seed 1]
Standard library only. Exit status 0 on success, 1 on a failed check, 2 on a setup error.
"""

import argparse
import hashlib
import io
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE_CORPUS = os.path.join(ROOT, "Tests", "Fixtures", "soak-corpus")

DRAFT = """关于做好2024年社区服务工作的通知
2024年1月10日

一、总体要求
坚持以人民为中心的发展思想，坚持共建共治共享，到2025年，全市城乡社区综合服务设施覆盖率达到100%。

二、重点任务
（一）完善服务设施。统筹利用现有资源，新建改建社区综合服务站120个。
（二）提升服务能力。每个社区至少配备3名专职社区工作者。
上半年，全市地区生产总值增长5.6%，规模以上工业增加值增长6.1%。
"""

PIECES = ["坚持", "高质量发展", "，", "。", "\n", "\r\n", "𠀀", "😀", "2024年", "百分之五", "（一）", "增长5.6%", " ", "共建共治共享"]


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class Document:
    """The client's copy of a document, with LSP positions in UTF-16 as the server negotiates by default."""

    def __init__(self, text):
        self.text = text

    def position(self, index):
        """LSP position of a code-point index (lines end at \\n, \\r\\n or \\r)."""
        line = 0
        start = 0
        i = 0
        while i < index:
            c = self.text[i]
            if c == "\r" and i + 1 < len(self.text) and self.text[i + 1] == "\n":
                if i + 1 == index:
                    break
                i += 2
                line += 1
                start = i
                continue
            if c in "\r\n":
                line += 1
                start = i + 1
            i += 1
        return {"line": line, "character": utf16_len(self.text[start:index])}

    def safe_index(self, rng):
        """A random index that does not split a CRLF pair."""
        for _ in range(10):
            k = rng.randint(0, len(self.text))
            if not (0 < k < len(self.text) and self.text[k - 1] == "\r" and self.text[k] == "\n"):
                return k
        return 0

    def random_edit(self, rng):
        a = self.safe_index(rng)
        b = a
        if self.text and rng.random() < 0.45:
            b = min(len(self.text), a + rng.randint(1, 12))
            if 0 < b < len(self.text) and self.text[b - 1] == "\r" and self.text[b] == "\n":
                b += 1
        new = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
        # Keep the document near its starting size so the run measures leaks, not a growing text.
        if len(self.text) > 3000 and b == a:
            new = ""
            b = min(len(self.text), a + 8)
        change = {"range": {"start": self.position(a), "end": self.position(b)}, "text": new}
        self.text = self.text[:a] + new + self.text[b:]
        return change


class Client:
    """Writes go through one writer thread and a queue, and the reader thread never waits on a write: a
    client that blocks writing while the server blocks writing its replies would deadlock the test."""

    def __init__(self, proc, settings):
        self.proc = proc
        self.out = io.BufferedReader(proc.stdout, 1 << 16)
        self.outbox = queue.Queue()
        self.writer = threading.Thread(target=self.write_loop, daemon=True)
        self.writer.start()
        self.settings = settings
        self.lock = threading.Condition()
        self.next_id = 1
        self.pending = {}
        self.replies = {}
        self.duplicate_replies = 0
        self.unknown_replies = 0
        self.diagnostics = {}
        self.notifications = 0
        self.server_requests = 0
        self.reader = threading.Thread(target=self.read_loop, daemon=True)
        self.reader.start()

    # -- wire

    def write(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.outbox.put(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def write_loop(self):
        while True:
            data = self.outbox.get()
            if data is None:
                return
            try:
                self.proc.stdin.write(data)
            except (BrokenPipeError, ValueError):
                return

    def flush(self):
        """Writes are unbuffered; kept so call sites read as a protocol script."""

    def read_message(self):
        length = None
        while True:
            line = self.out.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii", "replace").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length is None:
            raise RuntimeError("server sent a header without Content-Length")
        body = self.out.read(length)
        if len(body) < length:
            return None
        return json.loads(body.decode("utf-8"))

    def read_loop(self):
        while True:
            try:
                msg = self.read_message()
            except Exception as e:  # noqa: BLE001 - report any stream corruption as a failure
                with self.lock:
                    self.stream_error = repr(e)
                    self.lock.notify_all()
                return
            if msg is None:
                with self.lock:
                    self.lock.notify_all()
                return
            if "method" in msg and "id" in msg:
                self.answer_server_request(msg)
            elif "method" in msg:
                with self.lock:
                    self.notifications += 1
                    if msg["method"] == "textDocument/publishDiagnostics":
                        p = msg["params"]
                        self.diagnostics[p["uri"]] = (p.get("version"), p["diagnostics"])
                    self.lock.notify_all()
            else:
                with self.lock:
                    rid = msg.get("id")
                    if rid in self.replies:
                        self.duplicate_replies += 1
                    elif rid not in self.pending:
                        self.unknown_replies += 1
                    else:
                        self.replies[rid] = msg
                        del self.pending[rid]
                    self.lock.notify_all()

    def answer_server_request(self, msg):
        with self.lock:
            self.server_requests += 1
        method = msg["method"]
        if method == "workspace/configuration":
            result = [self.settings for _ in msg["params"].get("items", [])]
        else:  # client/registerCapability, window/workDoneProgress/create, ...
            result = None
        self.write({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    # -- API

    def request(self, method, params):
        with self.lock:
            rid = self.next_id
            self.next_id += 1
            self.pending[rid] = method
            self.write({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        with self.lock:
            self.write({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, rid, timeout=60):
        deadline = time.time() + timeout
        with self.lock:
            while rid not in self.replies:
                left = deadline - time.time()
                if left <= 0 or getattr(self, "stream_error", None) or self.proc.poll() is not None:
                    return None
                self.lock.wait(min(left, 1))
            return self.replies[rid]

    def call(self, method, params, timeout=60):
        return self.wait(self.request(method, params), timeout)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def snapshot(directory):
    result = {}
    for dirpath, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                result[os.path.relpath(path, directory)] = hashlib.sha256(f.read()).hexdigest()
    return result


def comparable(diagnostics):
    """Diagnostics without fields that name the document, sorted."""
    out = []
    for d in diagnostics:
        d = dict(d)
        d.pop("relatedInformation", None)
        out.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.environ.get("POLICYLINT_BIN", os.path.join(ROOT, ".build", "debug", "policylint")))
    parser.add_argument("--edits", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--growth", type=float, default=1.5, help="allowed RSS ratio end / after warm-up")
    parser.add_argument("--growth-mb", type=float, default=8.0,
                        help="allowed RSS growth after warm-up in MB (about 0.9 kB per edit over 9,000 edits)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        print("soak: %s not found; run `swift build` first" % args.binary, file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    failures = []
    work = tempfile.mkdtemp(prefix="policylint-soak-")
    cache_root = tempfile.mkdtemp(prefix="policylint-soak-cache-")
    started = time.time()
    try:
        corpus = os.path.join(work, "corpus")
        shutil.copytree(FIXTURE_CORPUS, corpus)
        draft_path = os.path.join(work, "draft.txt")
        with open(draft_path, "w", encoding="utf-8") as f:
            f.write(DRAFT)
        with open(os.path.join(work, ".policylint.json"), "w") as f:
            json.dump({"corpus": "corpus"}, f)
        before = snapshot(work)
        uri = "file://" + draft_path
        settings = {"corpus": corpus}

        stderr = open(os.path.join(tempfile.gettempdir(), "policylint-soak-stderr.log"), "wb")
        # The corpus cache goes to a directory of its own, outside the workspace and the user's home.
        env = dict(os.environ, POLICYLINT_CACHE_DIR=os.path.join(cache_root, "cache"))
        proc = subprocess.Popen([args.binary, "serve", "--stdio"], cwd=work, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=stderr, bufsize=0, env=env)
        client = Client(proc, settings)
        caps = {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": True},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                "diagnostic": {"dynamicRegistration": False},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
            "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False},
                          "didChangeWatchedFiles": {"dynamicRegistration": True}, "workDoneProgress": True},
            "window": {"workDoneProgress": True},
        }
        init = client.call("initialize", {"processId": os.getpid(), "rootUri": "file://" + work, "capabilities": caps,
                                          "initializationOptions": settings})
        if not init or "result" not in init:
            print("soak: initialize failed: %r" % (init,), file=sys.stderr)
            return 2
        client.notify("initialized", {})
        doc = Document(DRAFT)
        version = 1
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": version,
                                                                "text": doc.text}})
        client.flush()

        warm_rss = None
        warmup = min(1000, args.edits // 5)
        requests_sent = 0
        rules = [{}, {"*": "error"}, {"duplicate": "off"}, {"figure": "hint", "slogan": "info"}]
        for i in range(args.edits):
            version += 1
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [doc.random_edit(rng)]})
            if i % 100 == 99:
                client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
                p = doc.position(doc.safe_index(rng))
                client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": p})
                client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": p, "end": p},
                                                           "context": {"diagnostics": []}})
                requests_sent += 3
            if i % 1000 == 500:
                settings["rules"] = rules[(i // 1000) % len(rules)]
                client.notify("workspace/didChangeConfiguration", {"settings": {"policylint": settings}})
            if i % 2500 == 1250:
                # The user edits the corpus, then asks for a reload; the expected workspace follows the edit.
                extra = os.path.join(corpus, "extra-%d.txt" % (i // 2500))
                with open(extra, "w", encoding="utf-8") as f:
                    f.write("补充材料第%d号\n坚持共建共治共享，全年新增就业%d万人。\n" % (i, i % 97))
                before[os.path.relpath(extra, work)] = snapshot(corpus)[os.path.basename(extra)]
                client.request("workspace/executeCommand", {"command": "policylint.reloadCorpus", "arguments": []})
                requests_sent += 1
            if i % 200 == 0:
                client.flush()
            if i + 1 == warmup:
                sync = client.call("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout=120)
                if sync is None:
                    failures.append("no reply to the warm-up synchronisation request")
                warm_rss = rss_kb(proc.pid)
        client.flush()
        # Every request answered: the last one is answered after all before it were read.
        final = client.call("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout=120)
        deadline = time.time() + 60
        with client.lock:
            while client.pending and time.time() < deadline:
                client.lock.wait(1)
            unanswered = dict(client.pending)
        end_rss = rss_kb(proc.pid)
        if unanswered:
            failures.append("%d request(s) never answered: %s" % (len(unanswered), sorted(set(unanswered.values()))))
        errors = [r for r in client.replies.values() if "error" in r]
        internal = [r for r in errors if r["error"].get("code") == -32603]
        if internal:
            failures.append("%d internal error repl(ies), e.g. %s" % (len(internal), internal[0]["error"]))
        if client.duplicate_replies or client.unknown_replies:
            failures.append("%d duplicate and %d unexpected replies" % (client.duplicate_replies, client.unknown_replies))
        if getattr(client, "stream_error", None):
            failures.append("the server's output stream broke: %s" % client.stream_error)

        # The edited document equals the same text opened fresh.
        fresh_uri = "file://" + os.path.join(work, "fresh.txt")
        client.notify("textDocument/didOpen", {"textDocument": {"uri": fresh_uri, "languageId": "plaintext", "version": 1,
                                                                "text": doc.text}})
        fresh = client.call("textDocument/diagnostic", {"textDocument": {"uri": fresh_uri}}, timeout=120)
        edited = client.call("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout=120)

        def items(reply):
            if not reply or "result" not in reply or reply["result"] is None:
                return None
            return reply["result"].get("items")

        if final is None or items(final) is None:
            failures.append("the final pull-diagnostics request failed: %r" % (final,))
        elif items(fresh) is None or items(edited) is None:
            failures.append("pull diagnostics for the fresh copy failed: %r / %r" % (fresh, edited))
        else:
            codes = sorted(set(d.get("code", "?") for d in items(edited)))
            print("soak: final text has %d diagnostics (%s)" % (len(items(edited)), ", ".join(codes)))
        if items(fresh) is not None and items(edited) is not None and comparable(items(fresh)) != comparable(items(edited)):
            failures.append("after %d edits the diagnostics differ from the same text opened fresh:\n  edited %s\n  fresh  %s"
                            % (args.edits, comparable(items(edited))[:3], comparable(items(fresh))[:3]))

        shutdown = client.call("shutdown", None, timeout=30)
        if not shutdown or "error" in shutdown:
            failures.append("shutdown failed: %r" % (shutdown,))
        client.notify("exit", None)
        client.flush()
        try:
            status = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = None
        if status != 0:
            failures.append("the server exited with %r after shutdown + exit" % (status,))
        stderr.close()

        after = snapshot(work)
        if after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            failures.append("the server changed files in the workspace: %s" % changed)

        elapsed = time.time() - started
        ratio = end_rss / warm_rss if warm_rss else float("inf")
        print("soak: %d edits, %d requests, %d replies (%d errors), %d notifications, %d server requests in %.1f s"
              % (args.edits, requests_sent, len(client.replies), len(errors), client.notifications,
                 client.server_requests, elapsed))
        print("soak: VmRSS after warm-up %d kB, at end %d kB (x%.2f, limit x%.2f)" % (warm_rss or 0, end_rss, ratio, args.growth))
        if not warm_rss or ratio >= args.growth:
            failures.append("memory grew from %s kB to %d kB (x%.2f >= x%.2f)" % (warm_rss, end_rss, ratio, args.growth))
        elif end_rss - warm_rss > args.growth_mb * 1024:
            failures.append("memory grew by %d kB after warm-up (limit %d kB): a leak of about %.0f bytes per edit"
                            % (end_rss - warm_rss, args.growth_mb * 1024,
                               (end_rss - warm_rss) * 1024.0 / max(1, args.edits - warmup)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(cache_root, ignore_errors=True)
    for f in failures:
        print("soak: FAIL: " + f, file=sys.stderr)
    if not failures:
        print("soak: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
