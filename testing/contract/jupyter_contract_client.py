#!/usr/bin/env python3
"""A user of the Jupyter server behind the access layer, for Jupyter's contract test.

    jupyter_contract_client.py BASE PUBLIC_ORIGIN TOKEN

BASE is the pod's address (http://IP:PORT), PUBLIC_ORIGIN the address users reach it at
(https://HOST): every request carries the public Host as ingress-nginx forwards it, and every
browser-made one the public Origin. Prints one line per finding, "name value":

  api STATUS                   GET /api without credentials (the readiness probe's path)
  no_token STATUS              GET /api/status without credentials
  wrong_token STATUS           ... with another token
  token STATUS                 ... with the token
  browser_login STATUS         the login form posted with the token
  browser_session STATUS       GET /api/status with the session that login gave
  lab STATUS TITLE             JupyterLab's page with that session
  contents STATUS PATH         a notebook saved through the contents API under work/
  kernel STATUS NAME           a kernel started through the API
  foreign_origin_ws STATUS     the kernel's websocket, with the browser's session, opened from an
                               origin that is not the public one
  kernel_output TEXT           what the code run in the kernel printed
  execute_reply STATUS         the kernel's answer to the execution

The kernel is run through the browser's session and the public origin, as JupyterLab runs it.
"""
import json
import sys
import uuid
from datetime import datetime, timezone
from urllib.parse import urlparse

import requests
import websocket

CODE = """\
import os, pathlib, socket
pathlib.Path(os.path.expanduser("~/work/from-kernel.txt")).write_text("written by a kernel\\n")
print(os.getuid(), os.getgid(), os.getcwd(), os.environ.get("MLFLOW_TRACKING_URI"),
      socket.gethostbyname("mlflow.ml.svc"))
"""


def main():
    base, origin, token = sys.argv[1:4]
    host = urlparse(origin).netloc
    forwarded = {"Host": host, "X-Forwarded-Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.244.0.5"}
    as_token = dict(forwarded, Authorization="token " + token)

    def status(path, headers):
        return requests.get(base + path, headers=headers, allow_redirects=False, timeout=30).status_code

    print("api", status("/api", forwarded))
    print("no_token", status("/api/status", forwarded))
    print("wrong_token", status("/api/status", dict(forwarded, Authorization="token " + token[::-1])))
    print("token", status("/api/status", as_token))

    browser = requests.Session()
    browser.headers.update(forwarded)
    browser.get(base + "/login", timeout=30)
    form = {"_xsrf": browser.cookies.get("_xsrf", ""), "password": token}
    login = browser.post(base + "/login?next=%2Flab", data=form, headers={"Origin": origin, "Referer": origin + "/login"},
                         allow_redirects=False, timeout=30)
    print("browser_login", login.status_code)
    print("browser_session", browser.get(base + "/api/status", allow_redirects=False, timeout=30).status_code)
    lab = browser.get(base + "/lab", allow_redirects=False, timeout=30)
    print("lab", lab.status_code, "JupyterLab" if "<title>JupyterLab</title>" in lab.text else "-")

    notebook = {"type": "notebook", "content": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}
    saved = requests.put(base + "/api/contents/work/contract.ipynb", json=notebook, headers=as_token, timeout=30)
    print("contents", saved.status_code, saved.json().get("path", "-") if saved.ok else saved.text[:200])

    started = requests.post(base + "/api/kernels", json={"name": "python3"}, headers=as_token, timeout=60)
    if not started.ok:
        print("kernel", started.status_code, started.text[:300].replace("\n", " "))
        return
    kernel = started.json()
    print("kernel", started.status_code, kernel["name"])
    channels = base.replace("http://", "ws://", 1) + "/api/kernels/" + kernel["id"] + "/channels"

    # The browser's websocket: its session cookie and the public origin. Cookie-authenticated
    # requests get Jupyter's origin check (token-authenticated ones skip it).
    cookie = "Cookie: " + "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    try:
        websocket.create_connection(channels, header=[cookie], host=host, origin="https://elsewhere.example", timeout=30).close()
        print("foreign_origin_ws 101")
    except websocket.WebSocketBadStatusException as e:
        print("foreign_origin_ws", e.status_code)

    ws = websocket.create_connection(channels, header=[cookie], host=host, origin=origin, timeout=120)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "contract", "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": CODE, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False,
                    "stop_on_error": True},
    }))
    # The reply comes on the shell channel, the output on iopub, in no set order; iopub's "idle"
    # for the request follows all of its output.
    output, reply, idle = "", None, False
    while reply is None or not idle:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "stream":
            output += msg["content"]["text"]
        elif kind == "error":
            output += "error: " + msg["content"]["ename"] + ": " + msg["content"]["evalue"]
        elif kind == "execute_reply":
            reply = msg["content"]["status"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
    ws.close()
    print("kernel_output", output.strip().replace("\n", " | "))
    print("execute_reply", reply)
    requests.delete(base + "/api/kernels/" + kernel["id"], headers=as_token, timeout=30)


if __name__ == "__main__":
    main()
