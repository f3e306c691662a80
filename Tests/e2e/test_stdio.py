"""policylint serve over raw stdio: lifecycle exit codes, hostile input, a dying client, a clean stdout."""
import json
import os
import subprocess
import time

from conftest import policylint_bin


def frame(obj) -> bytes:
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(data: bytes) -> list:
    """Parses the whole of stdout as frames; anything else there is a failure."""
    messages = []
    while data:
        header, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, f"stdout holds bytes that are not a frame: {data[:80]!r}"
        length = int(header.decode("ascii").split(":")[1])
        messages.append(json.loads(rest[:length].decode("utf-8")))
        data = rest[length:]
    return messages


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}


def run(payload: bytes, timeout=30):
    p = subprocess.run([policylint_bin(), "serve", "--stdio"], input=payload, capture_output=True, timeout=timeout)
    return p.returncode, read_frames(p.stdout), p.stderr.decode("utf-8", "replace")


def test_shutdown_then_exit_exits_zero_and_stdout_holds_only_frames():
    rc, messages, _ = run(frame(INIT) + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
                          + frame({"jsonrpc": "2.0", "method": "exit"}))
    assert rc == 0
    assert messages[-1] == {"jsonrpc": "2.0", "id": 2, "result": None}


def test_exit_without_shutdown_exits_one():
    rc, _, _ = run(frame(INIT) + frame({"jsonrpc": "2.0", "method": "exit"}))
    assert rc == 1


def test_malformed_stream_is_survived_and_next_request_answered():
    junk = (b"Content-Length: 7\r\n\r\n{broken" + b"Content-Length: x\r\n\r\n" + b"no header\r\n\r\n"
            + frame([1, 2]) + b"Content-Length: 3\r\n\r\n\"\xff\"" + frame({"jsonrpc": "2.0", "id": 5}))
    rc, messages, stderr = run(frame(INIT) + junk + frame({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
                               + frame({"jsonrpc": "2.0", "method": "exit"}))
    codes = [m["error"]["code"] for m in messages if "error" in m]
    assert codes.count(-32700) == 2, messages
    assert codes.count(-32600) >= 2, messages
    assert {"jsonrpc": "2.0", "id": 9, "result": None} in messages
    assert rc == 0
    assert "Content-Length" in stderr


def test_server_exits_when_the_client_process_dies():
    parent = subprocess.Popen(["sleep", "60"])
    server = subprocess.Popen([policylint_bin(), "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    init = dict(INIT, params={"processId": parent.pid, "capabilities": {}})
    server.stdin.write(frame(init))
    server.stdin.flush()
    time.sleep(0.5)
    parent.kill()
    parent.wait()
    try:
        rc = server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    assert rc == 1
