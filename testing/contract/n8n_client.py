"""The n8n contract test's client (testing/n8n_contract_test.cc): a browser behind ingress-nginx, as
n8n sees it — every request with the public Host, X-Forwarded-Proto https and the client's address in
X-Forwarded-For, sent from one address (the ingress controller's pod). Python's standard library only.

  n8n_client.py BASE_URL PUBLIC_HOST

It waits until n8n serves its REST API, makes the owner account (what the operator does on the first
visit), reads the settings n8n gives its editor, stores a credential, and tries logins with a wrong
password: once each from six clients, then six times from one. It prints what it found, one fact a
line, for the test to compare:

  urlBaseEditor URL
  urlBaseWebhook URL
  credential ID
  clients STATUS x6
  one_client STATUS x6
"""

import http.client
import json
import sys
import time
import urllib.parse

base, public_host = sys.argv[1], sys.argv[2]
url = urllib.parse.urlsplit(base)
BROWSER = "contract-test-browser"


def call(method, path, body=None, client="203.0.113.200", cookie=None):
    headers = {"Host": public_host, "X-Forwarded-Proto": "https", "X-Forwarded-For": client, "X-Real-IP": client,
               "browser-id": BROWSER}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if cookie:
        headers["Cookie"] = cookie
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    answer = conn.getresponse()
    data = answer.read().decode("utf-8", "replace")
    conn.close()
    return answer.status, answer.getheader("Set-Cookie") or "", data


def must(status, data, what):
    if status != 200:
        sys.exit(f"{what}: HTTP {status}: {data[:500]}")
    return json.loads(data)["data"]


# The readiness endpoint answers as soon as the database is migrated, before the REST routes exist.
deadline = time.time() + 90
while True:
    status, _, data = call("GET", "/rest/settings")
    if status == 200 or time.time() > deadline:
        break
    time.sleep(1)
must(status, data, "GET /rest/settings")

status, set_cookie, data = call("POST", "/rest/owner/setup", {"email": "owner@example.com", "firstName": "Contract",
                                                              "lastName": "Test", "password": "Contract-Test-1"})
must(status, data, "POST /rest/owner/setup")
# The cookie is Secure (n8n is told it is reached over https); it goes back by hand.
cookie = next((part.strip() for part in set_cookie.split(";") if part.strip().startswith("n8n-auth=")), "")
if not cookie:
    sys.exit(f"no n8n-auth cookie in {set_cookie!r}")

settings = must(*call("GET", "/rest/settings", cookie=cookie)[::2], "GET /rest/settings (signed in)")
print("urlBaseEditor", settings.get("urlBaseEditor"))
print("urlBaseWebhook", settings.get("urlBaseWebhook"))

status, _, data = call("POST", "/rest/credentials", {"name": "contract", "type": "httpHeaderAuth",
                                                     "data": {"name": "X-Contract", "value": "kept-encrypted"}},
                       cookie=cookie)
print("credential", must(status, data, "POST /rest/credentials")["id"])

wrong = {"emailOrLdapLoginId": "owner@example.com", "password": "Not-The-Password-1"}
print("clients", *[call("POST", "/rest/login", wrong, client=f"198.51.100.{i}")[0] for i in range(1, 7)])
print("one_client", *[call("POST", "/rest/login", wrong, client="192.0.2.7")[0] for _ in range(6)])
