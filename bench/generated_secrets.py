#!/usr/bin/env python3
"""The Secrets `betelgeuse apply` generates, for tools that only see the render (kubectl, kpt).

Reads `betelgeuse plan -o json` on stdin and writes, as one YAML stream on stdout, a Secret per
generated secret and per copy of it (`alsoIn`): the same namespaces, names, keys and labels
Betelgeuse gives them, every generated value drawn from a CSPRNG (32 characters, as Betelgeuse
draws them), each `auth` key an htpasswd line for the secret's user. Two differences, both outside
the timed commands: the `auth` line is SHA-512 crypt (Python's `crypt`) instead of bcrypt cost 5,
and the keys that are not generated (username, database, bucket, accessKey, indices) hold
placeholders instead of the values the blueprints give. Only for benchmarks: the values go to a
file in the benchmark's private scratch folder, which it removes.
"""
import base64
import json
import secrets
import string
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

ALPHABET = string.ascii_letters + string.digits


def random_value():
    return "".join(secrets.choice(ALPHABET) for _ in range(32))


def secret_docs(plan):
    docs = []
    for s in plan["secrets"]:
        data = {}
        for key in s["keys"]:
            if key in s["generated"] and key != "auth":
                data[key] = random_value()
            elif key not in s["generated"]:
                data[key] = {"username": "admin", "indices": "logs-*"}.get(key, s["name"])
        if "auth" in s["generated"]:
            user = data.setdefault("username", "admin")
            salt = crypt.mksalt(crypt.METHOD_SHA512)
            data["auth"] = f"{user}:{crypt.crypt(data['password'], salt)}"
        for namespace in [s["namespace"], *s["alsoIn"]]:
            docs.append({
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {
                    "name": s["name"],
                    "namespace": namespace,
                    "labels": {"app.kubernetes.io/part-of": plan["platform"]},
                },
                "type": "Opaque",
                "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()},
            })
    return docs


def main():
    plan = json.load(sys.stdin)
    # JSON is YAML: one document per Secret keeps the output readable by kubectl, kustomize and kpt.
    for doc in secret_docs(plan):
        print("---")
        print(json.dumps(doc, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
