"""Stands in for MinIO's server in the contract tests: moto's S3 and IAM (moto[server], Apache-2.0,
from PyPI), shaped as the MinIO container the render configures.

MinIO's server is AGPL-licensed and is not installed (docs/components.md says what that leaves
unproven). This program takes the image's arguments (`server DIR --address HOST:PORT ...`) and
environment as MinIO does, and serves on that address:

- authentication is on (every request must be signed by a known key; moto's
  INITIAL_NO_AUTH_ACTION_COUNT=0), and the root credentials are MINIO_ROOT_USER and
  MINIO_ROOT_PASSWORD, as MinIO's: an IAM user of that name whose one access key has exactly that id
  and secret, allowed everything (MinIO's root is not subject to policies);
- a MinIO user is an access key and its secret (`mc admin user add ALIAS ACCESSKEY SECRETKEY`);
  IAM's access keys are generated, so the mc stand-in (mc_standin.py) states the secret in the IAM
  user's tag `minio-secret-key` and asks for an access key, which this program then gives the id
  ACCESSKEY and that secret, replacing the user's earlier one (as `user add` on an existing user
  resets its secret);
- buckets are addressed by path only (`http://host:9000/bucket/key`), as MinIO serves them without
  MINIO_DOMAIN: moto's S3_IGNORE_SUBDOMAIN_BUCKETNAME;
- the data is held in memory, not in DIR; the console (`--console-address`), TLS (`--certs-dir`),
  metrics and MinIO's health endpoints are not served.

Usage: s3_standin.py server DIR --address [HOST]:PORT [ignored MinIO flags...]
"""

import os
import signal
import sys

SECRET_TAG = "minio-secret-key"
ROOT_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


def parse_address(argv):
    if len(argv) < 2 or argv[0] != "server":
        sys.exit("s3_standin: only `server DIR [--address [HOST]:PORT] ...` is modelled, got: %s" % " ".join(argv))
    address = ":9000"
    for i, a in enumerate(argv):
        if a == "--address" and i + 1 < len(argv):
            address = argv[i + 1]
        elif a.startswith("--address="):
            address = a.split("=", 1)[1]
    host, _, port = address.rpartition(":")
    return host or "0.0.0.0", int(port)


def main():
    host, port = parse_address(sys.argv[1:])
    user = os.environ.get("MINIO_ROOT_USER", "")
    password = os.environ.get("MINIO_ROOT_PASSWORD", "")
    if len(user) < 3 or len(password) < 8:
        # MinIO refuses to start with a root user under 3 or a password under 8 characters.
        sys.exit("s3_standin: MINIO_ROOT_USER (3+ characters) and MINIO_ROOT_PASSWORD (8+) must be set")
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
    os.environ["S3_IGNORE_SUBDOMAIN_BUCKETNAME"] = "true"

    # Imported after the settings above: moto reads them at import.
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import IAMBackend, iam_backends
    from moto.server import ThreadedMotoServer

    backend = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]

    def give_key(iam, user_name, key, access_key_id, secret):
        iam.access_keys.pop(key.physical_resource_id, None)
        key.access_key_id = access_key_id
        key.secret_access_key = secret
        iam.access_keys[key.physical_resource_id] = key
        return key

    generated_key = IAMBackend.create_access_key

    def create_access_key(self, user_name, prefix="AKIA", status="Active"):
        tags = {t["Key"]: t["Value"] for t in self.list_user_tags(user_name)}
        if SECRET_TAG not in tags:
            return generated_key(self, user_name, prefix, status)
        for old in list(self.list_access_keys(user_name)):
            self.delete_access_key(old.access_key_id, user_name)
        key = generated_key(self, user_name, prefix, status)
        return give_key(self, user_name, key, user_name, tags[SECRET_TAG])

    IAMBackend.create_access_key = create_access_key

    backend.create_user(region_name="us-east-1", user_name=user)
    backend.put_user_policy(user, "minio-root", ROOT_POLICY)
    give_key(backend, user, generated_key(backend, user), user, password)

    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    print("s3_standin: moto serving MinIO's S3 and IAM stand-in on %s:%d" % (host, port), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()


if __name__ == "__main__":
    main()
