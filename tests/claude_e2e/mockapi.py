"""A scripted stand-in for the Anthropic Messages API, for driving the real Claude Code offline.

Run as a program (so it can live inside a network namespace next to Claude Code)::

    python3 mockapi.py --scenario S.json --log L.jsonl --port-file P [--control DIR]

It listens on 127.0.0.1 (port 0 unless `--port` is given), writes the port to
`--port-file` once it accepts connections, and serves until SIGTERM/SIGINT.

`POST /v1/messages` answers in streaming SSE when the request says
`"stream": true`, else in plain JSON. Which answer a request gets:

- A request is a *main-loop* request when it offers the model tools (a non-empty
  `tools` array). Its turn number is the number of assistant messages already
  in its `messages` (so a retried request gets the same turn again). Turn N is
  `scenario["turns"][N]`; past the end, the last turn's `text` or "Done.".
- Any other request (titles, summaries, quota probes) gets `scenario["side_text"]`.

A turn is a JSON object with any of::

    {"tool_uses": [{"name": "TaskCreate", "input": {...}}, ...],
     "text": "...",           # text before the tool uses (or the final answer)
     "gate": true,            # wait for the test before answering (see below)
     "delay": 0.2}            # seconds to wait before answering (slows a run down)

A gated turn N: before answering, the mock creates `<control>/reached-N` and
waits (up to 120 s) until `<control>/go-N` exists. A request for turn N proves
that every tool result of turn N-1 is already done, so the test can inspect the
task files at a known point of the run.

Every request is appended to the log as one JSON line:
`{"path", "method", "headers", "body", "turn", "main"}`. `GET` and other paths
(`count_tokens`, health probes) get small generic answers and are logged too.

Only the standard library is used: the mock runs with whatever python3 is on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

GATE_TIMEOUT = 120.0


class Mock:
    """The scenario, the log and the gate folder shared by all request handlers."""

    def __init__(self, scenario: dict[str, Any], log: Path, control: Path | None) -> None:
        self.scenario = scenario
        self.log = log
        self.control = control
        self.lock = threading.Lock()
        self.counter = 0

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            with self.log.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def next_id(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def wait_gate(self, turn: int) -> None:
        if self.control is None:
            return
        (self.control / f"reached-{turn}").touch()
        go = self.control / f"go-{turn}"
        deadline = time.monotonic() + GATE_TIMEOUT
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)

    def answer(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], str, int | None]:
        """Content blocks, stop reason and turn number for one request."""
        tools = body.get("tools") or []
        if not tools:
            text = self.scenario.get("side_text", "Scripted side answer")
            return [{"type": "text", "text": text}], "end_turn", None
        turns = self.scenario.get("turns", [])
        turn = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
        if turn >= len(turns):
            last = turns[-1] if turns else {}
            text = last.get("text") if not last.get("tool_uses") else None
            return [{"type": "text", "text": text or "Done."}], "end_turn", turn
        spec = turns[turn]
        if spec.get("gate"):
            self.wait_gate(turn)
        if spec.get("delay"):
            time.sleep(float(spec["delay"]))
        blocks: list[dict[str, Any]] = []
        if spec.get("text"):
            blocks.append({"type": "text", "text": spec["text"]})
        for i, use in enumerate(spec.get("tool_uses", [])):
            blocks.append(
                {
                    "type": "tool_use",
                    "id": f"toolu_mock{turn:03d}{i:03d}{self.next_id():06d}",
                    "name": use["name"],
                    "input": use.get("input", {}),
                }
            )
        if not blocks:
            blocks.append({"type": "text", "text": "Done."})
        stop = "tool_use" if spec.get("tool_uses") else "end_turn"
        return blocks, stop, turn


def _sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def make_handler(mock: Mock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the JSON log is the record; keep stderr quiet

        def _send_json(self, status: int, obj: dict[str, Any]) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", f"req_mock{mock.next_id()}")
            self.end_headers()
            self.wfile.write(data)

        def _read_body(self) -> dict[str, Any]:
            n = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(n) if n else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            return body if isinstance(body, dict) else {"_value": body}

        def do_GET(self) -> None:  # noqa: N802
            mock.record({"path": self.path, "method": "GET", "headers": dict(self.headers)})
            self._send_json(200, {"data": [], "has_more": False})

        def do_HEAD(self) -> None:  # noqa: N802
            mock.record({"path": self.path, "method": "HEAD", "headers": dict(self.headers)})
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            body = self._read_body()
            path = self.path.split("?", 1)[0]
            entry: dict[str, Any] = {
                "path": self.path,
                "method": "POST",
                "headers": dict(self.headers),
                "body": body,
            }
            if path.endswith("/count_tokens"):
                mock.record(entry)
                self._send_json(200, {"input_tokens": 100})
                return
            if not path.endswith("/v1/messages"):
                mock.record(entry)
                self._send_json(404, {"type": "error", "error": {"type": "not_found_error",
                                                                 "message": "mock: no route"}})
                return
            blocks, stop, turn = mock.answer(body)
            entry["turn"] = turn
            entry["main"] = turn is not None
            mock.record(entry)
            model = body.get("model", "claude-mock")
            msg_id = f"msg_mock{mock.next_id():08d}"
            usage = {"input_tokens": 100, "output_tokens": 20,
                     "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
            if not body.get("stream"):
                self._send_json(200, {"id": msg_id, "type": "message", "role": "assistant",
                                      "model": model, "content": blocks, "stop_reason": stop,
                                      "stop_sequence": None, "usage": usage})
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("cache-control", "no-cache")
            self.send_header("request-id", f"req_mock{mock.next_id()}")
            self.send_header("connection", "close")
            self.end_headers()
            self.close_connection = True
            out = [_sse("message_start", {"type": "message_start", "message": {
                "id": msg_id, "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": {**usage, "output_tokens": 1}}})]
            for i, b in enumerate(blocks):
                if b["type"] == "text":
                    out.append(_sse("content_block_start", {
                        "type": "content_block_start", "index": i,
                        "content_block": {"type": "text", "text": ""}}))
                    out.append(_sse("content_block_delta", {
                        "type": "content_block_delta", "index": i,
                        "delta": {"type": "text_delta", "text": b["text"]}}))
                else:
                    out.append(_sse("content_block_start", {
                        "type": "content_block_start", "index": i,
                        "content_block": {"type": "tool_use", "id": b["id"], "name": b["name"],
                                          "input": {}}}))
                    out.append(_sse("content_block_delta", {
                        "type": "content_block_delta", "index": i,
                        "delta": {"type": "input_json_delta",
                                  "partial_json": json.dumps(b["input"])}}))
                out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": i}))
            out.append(_sse("message_delta", {
                "type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 20}}))
            out.append(_sse("message_stop", {"type": "message_stop"}))
            self.wfile.write(b"".join(out))
            self.wfile.flush()

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve the scenario until SIGTERM/SIGINT."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, required=True)
    ap.add_argument("--log", type=Path, required=True)
    ap.add_argument("--port-file", type=Path, required=True)
    ap.add_argument("--control", type=Path)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    scenario = json.loads(args.scenario.read_text(encoding="utf-8"))
    if args.control:
        args.control.mkdir(parents=True, exist_ok=True)
    mock = Mock(scenario, args.log, args.control)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(mock))
    server.daemon_threads = True

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = args.port_file.with_name(args.port_file.name + ".tmp")
    tmp.write_text(str(server.server_address[1]), encoding="utf-8")
    os.replace(tmp, args.port_file)  # atomic: a reader never sees a partial port
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
