#!/usr/bin/env python3
"""Stand-ins for the add-ons' controllers on the real control plane, as kwok stands in for kubelets.

kwok runs no container, so cert-manager, its cainjector and Cilium's Gateway API controller never
run in the real-cluster tests. Without them every Certificate, Issuer, ClusterIssuer, injected
webhook configuration, Gateway and route would wait for ever for what its controller writes, and
apply's health rules (src/apply/health_addons.cc) rightly call them not ready. This writes it, in
the shapes those controllers write (the rules' tests hold the shapes): Ready with the generation
seen; the cluster's CA as the caBundle of every webhook cert-manager is asked to inject; Accepted
and Programmed for a Gateway and each of its listeners; Accepted and ResolvedRefs per route parent.
It polls rather than watches: a handful of lists every half second, cheap against a loopback API
server, and kinds the server does not serve yet (their CRDs come with the platform) are asked for
again every few seconds. The cert-manager contract tests start their cluster without it: they run
the real cert-manager and its cainjector.

usage: stand_ins.py SERVER PKI_DIR      (PKI_DIR: ca.crt, admin.crt, admin.key)
"""
import base64
import http.client
import json
import ssl
import sys
import time
import urllib.parse

POLL_SECONDS = 0.5
RETRY_UNSERVED_SECONDS = 3.0


class Api:
    def __init__(self, server, pki):
        url = urllib.parse.urlparse(server)
        self.host, self.port = url.hostname, url.port
        self.context = ssl.create_default_context(cafile=f"{pki}/ca.crt")
        self.context.load_cert_chain(f"{pki}/admin.crt", f"{pki}/admin.key")
        self.conn = None

    def call(self, method, path, body=None, content_type="application/merge-patch+json"):
        """(status, parsed body); status 0 when the server could not be reached."""
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=10)
                headers = {"Accept": "application/json"}
                if body is not None:
                    headers["Content-Type"] = content_type
                self.conn.request(method, path, None if body is None else json.dumps(body), headers)
                answer = self.conn.getresponse()
                data = answer.read()
                try:
                    return answer.status, json.loads(data) if data else None
                except ValueError:
                    return answer.status, None
            except (OSError, http.client.HTTPException):
                self.conn = None
        return 0, None


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def condition(kind, status, reason, message, generation):
    return {"type": kind, "status": status, "reason": reason, "message": message,
            "observedGeneration": generation, "lastTransitionTime": now()}


def generation(obj):
    return obj.get("metadata", {}).get("generation", 1)


def true_at_generation(conditions, kinds, gen):
    by_type = {c.get("type"): c for c in conditions or [] if isinstance(c, dict)}
    return all(by_type.get(k, {}).get("status") == "True" and by_type[k].get("observedGeneration") == gen for k in kinds)


def certificate_status(obj):
    gen = generation(obj)
    if true_at_generation(obj.get("status", {}).get("conditions"), ["Ready"], gen):
        return None
    issued = time.time()
    stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    return {"conditions": [condition("Ready", "True", "Ready", "Certificate is up to date and has not expired", gen)],
            "notBefore": stamp(issued), "notAfter": stamp(issued + 90 * 86400),
            "renewalTime": stamp(issued + 60 * 86400), "revision": 1}


def issuer_status(obj):
    gen = generation(obj)
    if true_at_generation(obj.get("status", {}).get("conditions"), ["Ready"], gen):
        return None
    spec = obj.get("spec", {})
    if "acme" in spec:
        ready = condition("Ready", "True", "ACMEAccountRegistered", "The ACME account was registered with the ACME server", gen)
        return {"acme": {"uri": "https://acme.invalid/acct/1"}, "conditions": [ready]}
    if "ca" in spec:
        return {"conditions": [condition("Ready", "True", "KeyPairVerified", "Signing CA verified", gen)]}
    return {"conditions": [condition("Ready", "True", "IsReady", "", gen)]}


ROUTE_KINDS = {"HTTP": "HTTPRoute", "HTTPS": "HTTPRoute", "TLS": "TLSRoute", "TCP": "TCPRoute", "UDP": "UDPRoute"}


def gateway_status(obj):
    gen = generation(obj)
    status = obj.get("status", {})
    listeners = obj.get("spec", {}).get("listeners", [])
    reported = {l.get("name") for l in status.get("listeners") or []
                if true_at_generation(l.get("conditions"), ["Accepted", "Programmed", "ResolvedRefs"], gen)}
    if true_at_generation(status.get("conditions"), ["Accepted", "Programmed"], gen) and \
            reported == {l.get("name") for l in listeners}:
        return None
    return {
        "addresses": [{"type": "IPAddress", "value": "192.0.2.10"}],
        "conditions": [condition("Accepted", "True", "Accepted", "Gateway successfully scheduled", gen),
                       condition("Programmed", "True", "Programmed", "Gateway successfully reconciled", gen)],
        "listeners": [{
            "name": l.get("name"), "attachedRoutes": 0,
            "supportedKinds": [{"group": "gateway.networking.k8s.io",
                                "kind": ROUTE_KINDS.get(l.get("protocol"), "HTTPRoute")}],
            "conditions": [condition("Accepted", "True", "Accepted", "Listener accepted", gen),
                           condition("Programmed", "True", "Programmed", "Listener programmed", gen),
                           condition("ResolvedRefs", "True", "ResolvedRefs", "Resolved references", gen),
                           condition("Conflicted", "False", "NoConflicts", "No conflicts", gen)],
        } for l in listeners],
    }


def route_status(obj):
    gen = generation(obj)
    refs = obj.get("spec", {}).get("parentRefs", [])
    parents = obj.get("status", {}).get("parents") or []
    if len(parents) == len(refs) and all(
            true_at_generation(p.get("conditions"), ["Accepted", "ResolvedRefs"], gen) for p in parents):
        return None
    return {"parents": [{
        "parentRef": ref, "controllerName": "io.cilium/gateway-controller",
        "conditions": [condition("Accepted", "True", "Accepted", "Accepted HTTPRoute", gen),
                       condition("ResolvedRefs", "True", "ResolvedRefs", "Service reference is valid", gen)],
    } for ref in refs]}


INJECT = ("cert-manager.io/inject-ca-from", "cert-manager.io/inject-ca-from-secret")


def webhook_patch(obj, ca):
    """The JSON patch cainjector's write amounts to: the CA in every webhook that lacks it."""
    annotations = obj.get("metadata", {}).get("annotations") or {}
    if not any(a in annotations for a in INJECT) and annotations.get("cert-manager.io/inject-apiserver-ca") != "true":
        return None
    ops = [{"op": "add", "path": f"/webhooks/{i}/clientConfig/caBundle", "value": ca}
           for i, w in enumerate(obj.get("webhooks") or []) if not w.get("clientConfig", {}).get("caBundle")]
    return ops or None


# (the collection's paths, newest version first: the first the server serves is read; what to write,
# None for the webhook configurations, whose CA is patched in place)
KINDS = [
    (["/apis/cert-manager.io/v1/certificates"], certificate_status),
    (["/apis/cert-manager.io/v1/issuers"], issuer_status),
    (["/apis/cert-manager.io/v1/clusterissuers"], issuer_status),
    (["/apis/gateway.networking.k8s.io/v1/gateways"], gateway_status),
    (["/apis/gateway.networking.k8s.io/v1/httproutes"], route_status),
    (["/apis/gateway.networking.k8s.io/v1/grpcroutes"], route_status),
    (["/apis/gateway.networking.k8s.io/v1/tlsroutes", "/apis/gateway.networking.k8s.io/v1alpha2/tlsroutes"], route_status),
    (["/apis/gateway.networking.k8s.io/v1/tcproutes", "/apis/gateway.networking.k8s.io/v1alpha2/tcproutes"], route_status),
    (["/apis/gateway.networking.k8s.io/v1/udproutes", "/apis/gateway.networking.k8s.io/v1alpha2/udproutes"], route_status),
    (["/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"], None),
    (["/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"], None),
]


def item_path(collection, obj):
    meta = obj.get("metadata", {})
    group_version, resource = collection.rsplit("/", 1)
    if meta.get("namespace"):
        return f"{group_version}/namespaces/{meta['namespace']}/{resource}/{meta['name']}"
    return f"{group_version}/{resource}/{meta['name']}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    api = Api(sys.argv[1], sys.argv[2])
    with open(f"{sys.argv[2]}/ca.crt", "rb") as f:
        ca = base64.b64encode(f.read()).decode()
    unserved_until = {}
    while True:
        for paths, write in KINDS:
            for collection in paths:
                if unserved_until.get(collection, 0) > time.monotonic():
                    continue
                code, listed = api.call("GET", collection)
                if code == 404:
                    unserved_until[collection] = time.monotonic() + RETRY_UNSERVED_SECONDS
                    continue
                if code != 200 or not isinstance(listed, dict):
                    continue
                for obj in listed.get("items") or []:
                    if obj.get("metadata", {}).get("deletionTimestamp"):
                        continue
                    if write is None:
                        ops = webhook_patch(obj, ca)
                        if ops:
                            api.call("PATCH", item_path(collection, obj), ops, "application/json-patch+json")
                        continue
                    status = write(obj)
                    if status is not None:
                        code, answer = api.call("PATCH", item_path(collection, obj) + "/status", {"status": status})
                        if code >= 400:
                            print(f"stand-ins: {item_path(collection, obj)}: {code} {answer}", file=sys.stderr, flush=True)
                break
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    main()
