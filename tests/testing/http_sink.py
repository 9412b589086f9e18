#!/usr/bin/python3
"""A real HTTP SMS gateway for tests (standard library only).

Records every POST as DIR/NNNN.json {path, headers, body, status}, the header
names lower-cased and the body parsed as JSON (null when it is not JSON).
Prints "READY port=N" on stdout once listening (port 0 picks a free port).

Replies 200 {"id": ...}, except for a "to" starting with
  +99900  503 the first time for each reference, then 200;
  +99999  400 {"error": ...}.
"""

import argparse
import http.server
import json
import os
import sys
import threading


class Gateway:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.count = 0
        self.unavailable_once = set()

    def decide(self, body):
        to = body.get("to", "") if isinstance(body, dict) else ""
        reference = body.get("reference", "") if isinstance(body, dict) else ""
        with self.lock:
            self.count += 1
            number = self.count
            if to.startswith("+99999"):
                return number, 400, {"error": "invalid destination number"}
            if to.startswith("+99900") and reference not in self.unavailable_once:
                self.unavailable_once.add(reference)
                return number, 503, {"error": "gateway overloaded"}
        return number, 200, {"id": "sms-%04d" % number}

    def record(self, number, record):
        base = os.path.join(self.directory, "%04d" % number)
        # Written aside then renamed: a reader never sees half a file.
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1)
        os.rename(base + ".json.tmp", base + ".json")


def handler_for(gateway):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                body = None
            number, status, reply = gateway.decide(body)
            gateway.record(number, {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
                "status": status,
            })
            payload = json.dumps(reply).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):
            sys.stderr.write("http_sink: " + (format % args) + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(
        (args.host, args.port), handler_for(Gateway(args.dir)))
    print("READY port=%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
