"""A client of the S3 stand-in (s3_standin.py) for the contract tests, with boto3, path-style as
MinIO serves buckets. It prints one line per finding, for the test to compare word for word:

  s3_access.py access ENDPOINT ACCESSKEY SECRETKEY BUCKET [OTHER_BUCKET...]
      what a dependent's credentials may do: write, read, list and delete in its own bucket; write
      and list in each other bucket (refused, with the server's error code); anything with a wrong
      secret (refused).
  s3_access.py policies ENDPOINT ROOTUSER ROOTPASSWORD USER
      the policies attached to USER, each with its document as stored (compact JSON).
  s3_access.py objects ENDPOINT ACCESSKEY SECRETKEY BUCKET
      every key of BUCKET with its size.
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def client(service, endpoint, access_key, secret_key):
    return boto3.client(service, endpoint_url=endpoint, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                        region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def attempt(what, call):
    try:
        call()
        print("%s: ok" % what)
    except ClientError as e:
        print("%s: %s" % (what, e.response["Error"]["Code"]))
    except Exception as e:  # an answer that is not what was written (get, list): its kind
        print("%s: %s" % (what, type(e).__name__))


def access(endpoint, access_key, secret_key, bucket, *others):
    s3 = client("s3", endpoint, access_key, secret_key)
    key = "contract-probe/object.txt"
    attempt("put " + bucket, lambda: s3.put_object(Bucket=bucket, Key=key, Body=b"contract"))
    attempt("get " + bucket, lambda: s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"contract" or 1 / 0)
    attempt("list " + bucket, lambda: s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1 or 1 / 0)
    attempt("delete " + bucket, lambda: s3.delete_object(Bucket=bucket, Key=key))
    for other in others:
        attempt("put " + other, lambda: s3.put_object(Bucket=other, Key=key, Body=b"intruder"))
        attempt("list " + other, lambda: s3.list_objects_v2(Bucket=other))
    wrong = client("s3", endpoint, access_key, secret_key + "x")
    attempt("list %s with a wrong secret" % bucket, lambda: wrong.list_objects_v2(Bucket=bucket))


def policies(endpoint, root_user, root_password, user):
    iam = client("iam", endpoint, root_user, root_password)
    for p in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]:
        version = iam.get_policy(PolicyArn=p["PolicyArn"])["Policy"]["DefaultVersionId"]
        document = iam.get_policy_version(PolicyArn=p["PolicyArn"], VersionId=version)["PolicyVersion"]["Document"]
        if isinstance(document, str):
            document = json.loads(document)
        print("%s %s" % (p["PolicyName"], json.dumps(document, separators=(",", ":"))))


def objects(endpoint, access_key, secret_key, bucket):
    s3 = client("s3", endpoint, access_key, secret_key)
    for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        print("%s %d" % (o["Key"], o["Size"]))


if __name__ == "__main__":
    {"access": access, "policies": policies, "objects": objects}[sys.argv[1]](*sys.argv[2:])
