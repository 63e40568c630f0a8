"""The harness itself: the mock's two reply formats, the namespace, skip/fail without the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc

REPO = Path(__file__).resolve().parents[2]


def _post(url: str, body: dict) -> tuple[str, bytes]:
    req = urllib.request.Request(url + "/v1/messages", data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers.get("content-type", ""), resp.read()


def test_mock_answers_json_and_sse_and_logs(tmp_path):
    scenario = {"turns": [sc.turn(sc.create("One")), sc.final("Bye")], "side_text": "side"}
    with rc.MockServer(scenario, tmp_path / "m", netns=False) as mock:
        tools = [{"name": "TaskCreate", "input_schema": {}}]
        ctype, data = _post(mock.url, {"model": "m", "tools": tools,
                                       "messages": [{"role": "user", "content": "hi"}]})
        assert ctype == "application/json"
        msg = json.loads(data)
        assert msg["stop_reason"] == "tool_use"
        assert msg["content"][0]["name"] == "TaskCreate"
        assert msg["content"][0]["input"] == {"subject": "One", "description": "One"}
        # Turn 1 (one assistant message in the history), streamed.
        history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x"},
                   {"role": "user", "content": "y"}]
        ctype, data = _post(mock.url, {"model": "m", "tools": tools, "stream": True,
                                       "messages": history})
        assert ctype.startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in data.decode().splitlines()
                  if line.startswith("data: ")]
        assert [e["type"] for e in events] == [
            "message_start", "content_block_start", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop"]
        assert events[2]["delta"]["text"] == "Bye"
        # No tools offered: a side request (titles and the like).
        _, data = _post(mock.url, {"model": "m", "messages": history})
        assert json.loads(data)["content"][0]["text"] == "side"
        log = mock.requests()
        assert [(r.get("turn"), r.get("main")) for r in log] == [
            (0, True), (1, True), (None, False)]


def test_mock_gate_holds_a_turn(tmp_path):
    with rc.MockServer({"turns": [sc.final("x", gate=True)]}, tmp_path / "m",
                       netns=False) as mock:
        import threading

        box: dict[str, bytes] = {}
        t = threading.Thread(target=lambda: box.update(
            r=_post(mock.url, {"tools": [{"name": "X"}], "messages": []})[1]))
        t.start()
        mock.wait_reached(0, timeout=30)
        t.join(timeout=0.5)
        assert t.is_alive() and not box  # held at the gate
        mock.release(0)
        t.join(timeout=30)
        assert json.loads(box["r"])["content"][0]["text"] == "x"


def test_namespace_has_only_loopback(realclaude):
    if not realclaude.netns:
        pytest.skip("not root: runs are not put in a network namespace")
    mock = realclaude.mock({"turns": [sc.final()]})
    links = subprocess.run(mock.wrap(["ip", "-o", "link"]), capture_output=True, text=True,
                           check=True).stdout
    assert [ln.split(":")[1].strip() for ln in links.splitlines()] == ["lo"]
    probe = ("import socket,sys\ns=socket.socket()\ns.settimeout(5)\n"
             "try:\n s.connect(('192.0.2.1',443))\nexcept OSError as e:\n print(e.errno)\n")
    out = subprocess.run(mock.wrap([sys.executable, "-c", probe]), capture_output=True,
                         text=True, timeout=30).stdout.strip()
    assert out == "101"  # ENETUNREACH: nothing leaves the machine


def test_real_run_stays_in_its_sandbox(realclaude):
    mock = realclaude.mock({"turns": [sc.final("hello")]})
    run = realclaude.run(sc.claude_args(), mock)
    assert run.stdout.strip() == "hello"
    assert mock.requests() and all(r["path"].startswith("/v1/") for r in mock.requests())
    assert realclaude.sandbox.config_dir.is_dir()
    assert str(realclaude.sandbox.home).startswith(str(realclaude.tmp.parent))


def _pytest_without_cli(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # An empty cache, and a PATH without npm, so that nothing is downloaded.
    env.update(SHELLHOOKS_CLAUDE_CACHE=str(tmp_path / "empty-cache"), CI=ci,
               PATH=str(tmp_path / "no-such-bin"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/claude_e2e/test_harness.py::test_real_run_stays_in_its_sandbox"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_missing_cli_skips_locally_and_fails_under_ci(tmp_path):
    local = _pytest_without_cli(tmp_path, "")
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    assert "realclaude.py --fetch" in local.stdout
    ci = _pytest_without_cli(tmp_path, "true")
    assert ci.returncode != 0, ci.stdout
    assert "required under CI=true" in ci.stdout and "npm is not installed" in ci.stdout
