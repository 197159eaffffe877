#!/usr/bin/env python3
"""A scrape target standing in for a component's metrics endpoint in a contract test.

    metrics_standin.py ADDRESS PORT PATH METRICS_FILE

Serves the Prometheus text exposition in METRICS_FILE at http://ADDRESS:PORT/PATH (404 elsewhere)
and counts the scrapes it answered on stderr, one line each. Runs inside the test's pod network
(testing/pod_network.h) at the pod IP of the workload it stands for.
"""
import http.server
import sys


def main():
    address, port, path, metrics_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with open(metrics_file, "rb") as f:
        body = f.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != path:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            print("scraped by", self.headers.get("User-Agent", "?"), file=sys.stderr, flush=True)

        def log_message(self, *args):
            pass

    http.server.HTTPServer((address, port), Handler).serve_forever()


if __name__ == "__main__":
    main()
