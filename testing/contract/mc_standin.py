"""Stands in for MinIO's client, mc, in the contract tests: exactly the commands the rendered
`minio-init-<dependent>` Jobs run, against the S3 stand-in (s3_standin.py), with boto3.

mc is AGPL-licensed and is not installed; MinIO's admin API (/minio/admin/v3/...) has no stand-in.
Each command is mapped onto the S3 or IAM call that does the same job on moto, signed with the
alias's credentials, so authentication and authorization are moto's:

  alias set NAME URL ACCESSKEY SECRETKEY  stored in $MC_CONFIG_DIR/config.json as mc stores it;
                                          the credentials are checked with a signed S3 call and a
                                          refusal fails, as mc's does
  mb [--ignore-existing] NAME/BUCKET      S3 CreateBucket (path style); an existing bucket is an
                                          error unless --ignore-existing
  admin policy create NAME POLICY FILE    IAM CreatePolicy with the file as its document, which
                                          moto validates as an IAM policy document; an existing
                                          policy is replaced (MinIO's `policy create` overwrites)
  admin user add NAME ACCESSKEY SECRET    an IAM user named ACCESSKEY whose access key is ACCESSKEY
                                          with SECRET (the stand-in server makes it so); an existing
                                          user gets the new secret, as in MinIO
  admin policy attach NAME POLICY --user U
                                          IAM AttachUserPolicy; attaching an attached policy is an
                                          error, as MinIO's "policy change already in effect"

Anything else is refused with exit code 2, so a render that runs another mc command fails the test.
"""

import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

SECRET_TAG = "minio-secret-key"


def config_path():
    return os.path.join(os.environ.get("MC_CONFIG_DIR") or os.path.expanduser("~/.mc"), "config.json")


def load_aliases():
    try:
        with open(config_path()) as f:
            return json.load(f).get("aliases", {})
    except FileNotFoundError:
        return {}


def client(service, alias):
    aliases = load_aliases()
    if alias not in aliases:
        fail("mc: <ERROR> Unable to find alias `%s`." % alias, 1)
    a = aliases[alias]
    return boto3.client(service, endpoint_url=a["url"], aws_access_key_id=a["accessKey"],
                        aws_secret_access_key=a["secretKey"], region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def fail(message, code=1):
    print(message, file=sys.stderr)
    sys.exit(code)


def alias_set(name, url, access_key, secret_key):
    cfg_file = config_path()
    os.makedirs(os.path.dirname(cfg_file), exist_ok=True)
    try:
        with open(cfg_file) as f:
            cfg = json.load(f)
    except FileNotFoundError:
        cfg = {"version": "10", "aliases": {}}
    cfg["aliases"][name] = {"url": url, "accessKey": access_key, "secretKey": secret_key, "api": "s3v4",
                            "path": "auto"}
    try:
        boto3.client("s3", endpoint_url=url, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                     region_name="us-east-1", config=Config(retries={"max_attempts": 1})).list_buckets()
    except (ClientError, BotoCoreError) as e:
        fail("mc: <ERROR> Unable to initialize new alias from the provided credentials. %s" % e)
    with open(cfg_file, "w") as f:
        json.dump(cfg, f, indent=1)
    print("Added `%s` successfully." % name)


def make_bucket(target, ignore_existing):
    alias, _, bucket = target.partition("/")
    if not bucket:
        fail("mc: <ERROR> Unable to make bucket `%s`: no bucket name" % target)
    s3 = client("s3", alias)
    try:
        s3.create_bucket(Bucket=bucket)
    except ClientError as e:
        code = e.response["Error"]["Code"]
        if ignore_existing and code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            print("Bucket created successfully `%s`." % target)
            return
        fail("mc: <ERROR> Unable to make bucket `%s`. %s" % (target, e))
    print("Bucket created successfully `%s`." % target)


def policy_arn(iam, name):
    # The account of the caller (the root user's ARN names it), as MinIO's policies live in one.
    account = iam.get_user()["User"]["Arn"].split(":")[4]
    return "arn:aws:iam::%s:policy/%s" % (account, name)


def policy_create(alias, name, path):
    with open(path) as f:
        document = f.read()
    iam = client("iam", alias)
    try:
        iam.create_policy(PolicyName=name, PolicyDocument=document)
    except ClientError as e:
        if e.response["Error"]["Code"] != "EntityAlreadyExists":
            fail("mc: <ERROR> Unable to create new policy: %s" % e)
        arn = policy_arn(iam, name)
        for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]:
            if not v["IsDefaultVersion"]:
                iam.delete_policy_version(PolicyArn=arn, VersionId=v["VersionId"])
        try:
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=document, SetAsDefault=True)
        except ClientError as e2:
            fail("mc: <ERROR> Unable to create new policy: %s" % e2)
    print("Created policy `%s` successfully." % name)


def user_add(alias, access_key, secret_key):
    iam = client("iam", alias)
    tags = [{"Key": SECRET_TAG, "Value": secret_key}]
    try:
        iam.create_user(UserName=access_key, Tags=tags)
    except ClientError as e:
        if e.response["Error"]["Code"] != "EntityAlreadyExists":
            fail("mc: <ERROR> Unable to add new user: %s" % e)
        iam.tag_user(UserName=access_key, Tags=tags)
    try:
        iam.create_access_key(UserName=access_key)
    except ClientError as e:
        fail("mc: <ERROR> Unable to add new user: %s" % e)
    print("Added user `%s` successfully." % access_key)


def policy_attach(alias, name, user):
    iam = client("iam", alias)
    arn = policy_arn(iam, name)
    attached = iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]
    if any(p["PolicyArn"] == arn for p in attached):
        fail("mc: <ERROR> Unable to attach the policy: policy change is already in effect")
    try:
        iam.attach_user_policy(UserName=user, PolicyArn=arn)
    except ClientError as e:
        fail("mc: <ERROR> Unable to attach the policy: %s" % e)
    print("Attached Policies: [%s]\nTo User: %s" % (name, user))


def main(argv):
    if argv[:2] == ["alias", "set"] and len(argv) == 6:
        return alias_set(*argv[2:])
    if argv[:1] == ["mb"]:
        rest = argv[1:]
        ignore = "--ignore-existing" in rest or "-p" in rest
        targets = [a for a in rest if not a.startswith("-")]
        if len(targets) == 1 and len(rest) - len(targets) <= 1:
            return make_bucket(targets[0], ignore)
    if argv[:3] == ["admin", "policy", "create"] and len(argv) == 6:
        return policy_create(*argv[3:])
    if argv[:3] == ["admin", "user", "add"] and len(argv) == 6:
        return user_add(*argv[3:])
    if argv[:3] == ["admin", "policy", "attach"] and len(argv) == 7 and argv[5] == "--user":
        return policy_attach(argv[3], argv[4], argv[6])
    fail("mc stand-in: not modelled: mc %s" % " ".join(argv), 2)


if __name__ == "__main__":
    main(sys.argv[1:])
