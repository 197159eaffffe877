// Object storage's contract (issue 13), with a stand-in for MinIO: MinIO's server and mc are
// AGPL-licensed and are not installed, so moto's S3 and IAM (testing/contract/s3_standin.py) run
// in the rendered minio container's place, with its rendered args and env (the generated root
// credentials), and a stand-in for mc (testing/contract/mc_standin.py) maps each command of the
// rendered init Jobs onto the S3 or IAM call that does its job. Every `minio-init-<dependent>` Job
// runs its own script with its own env, twice, exiting 0 both times; the policy document the
// script prints is accepted by moto's IAM policy validation and attached to the dependent's user;
// and each dependent's credentials, as its own namespace holds them, write, read, list and delete
// in its own bucket and are refused on every other dependent's. Argo Workflows' artifact
// repository names that bucket, that endpoint and that Secret. docs/components.md says what stays
// unproven (MinIO's own admin API, policy engine and server).
#include <gtest/gtest.h>

#include <set>

#include "testing/applied_objects.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"
#include "yaml/loader.h"

namespace bg::testing {
namespace {

using manifest::Json;

std::string value_of(const Result<std::string>& r) {
  if (!r) ADD_FAILURE() << r.status().message();
  return r ? *r : "";
}

// The components whose blueprint depends on minio, as the render placed them: every one gets an
// init Job (checked below), so none is left without a bucket.
std::set<std::string> minio_dependents(const ClusterFacts& facts) {
  std::set<std::string> out;
  for (const Json& o : facts.objects)
    if (o["kind"] == "Secret" && o["metadata"].value("namespace", "") == "objectstore") {
      const std::string name = o["metadata"].value("name", "");
      const std::string suffix = "-minio";
      if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        out.insert(name.substr(0, name.size() - suffix.size()));
    }
  return out;
}

TEST(ObjectStorageContract, TheInitJobsGiveEachDependentABucketThatOnlyItsCredentialsOpen) {
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  auto store = start_provisioned_object_store(**net, *facts);
  ASSERT_TRUE(store) << store.status().message();
  const std::vector<std::string>& dependents = (*store)->dependents;
  EXPECT_EQ(std::set<std::string>(dependents.begin(), dependents.end()), minio_dependents(*facts));
  ASSERT_GE(dependents.size(), 2u) << "the example has dependents of minio (argo-workflows, mlflow)";

  // The S3 endpoint every dependent is given: the minio Service's address and S3 port.
  const std::string endpoint = "http://" + facts->service_ips.at("objectstore/minio") + ":9000";
  const std::string root_user = value_of(secret_value(*facts, "objectstore", "minio-root", "username"));
  const std::string root_password = value_of(secret_value(*facts, "objectstore", "minio-root", "password"));

  struct Credentials {
    std::string access_key, secret_key, bucket;
  };
  std::map<std::string, Credentials> by_dependent;
  for (const std::string& d : dependents) {
    const std::string secret = d + "-minio";
    const std::string ns = dependent_secret_namespace(*facts, secret, "objectstore");
    ASSERT_FALSE(ns.empty()) << "no Secret " << secret << " in " << d << "'s namespace";
    Credentials c{value_of(secret_value(*facts, ns, secret, "accessKey")), value_of(secret_value(*facts, ns, secret, "secretKey")),
                  value_of(secret_value(*facts, ns, secret, "bucket"))};
    EXPECT_EQ(c.secret_key, value_of(secret_value(*facts, "objectstore", secret, "secretKey"))) << d;
    by_dependent[d] = c;
  }

  for (const auto& [d, c] : by_dependent) {
    // The script's policy: valid as an IAM policy document (moto's validation accepted it), named
    // after the bucket, covering exactly the bucket and its objects, attached to the user.
    auto attached = run_s3_access(**net, {"policies", endpoint, root_user, root_password, c.access_key});
    ASSERT_TRUE(attached) << attached.status().message();
    EXPECT_EQ(attached->out, c.bucket + "-rw {\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],"
                                           "\"Resource\":[\"arn:aws:s3:::" + c.bucket + "\",\"arn:aws:s3:::" + c.bucket + "/*\"]}]}\n")
        << d << ": " << attached->err;

    std::vector<std::string> args = {"access", endpoint, c.access_key, c.secret_key, c.bucket};
    std::string expected = "put " + c.bucket + ": ok\nget " + c.bucket + ": ok\nlist " + c.bucket + ": ok\ndelete " + c.bucket + ": ok\n";
    for (const auto& [other, oc] : by_dependent) {
      if (other == d) continue;
      args.push_back(oc.bucket);
      expected += "put " + oc.bucket + ": AccessDenied\nlist " + oc.bucket + ": AccessDenied\n";
    }
    expected += "list " + c.bucket + " with a wrong secret: SignatureDoesNotMatch\n";
    auto access = run_s3_access(**net, args);
    ASSERT_TRUE(access) << access.status().message();
    EXPECT_EQ(access->out, expected) << d << ": " << access->err;
  }

  // Argo Workflows' artifact repository (its ConfigMap): the bucket the Job made for it, at the
  // minio Service's name and S3 port, with the keys of the Secret in its own namespace.
  ASSERT_TRUE(by_dependent.count("argo-workflows"));
  const Json* config = facts->find("ConfigMap", "automation", "argo-workflows-config");
  ASSERT_NE(config, nullptr);
  auto loaded = yaml::load((*config)["data"].value("artifactRepository", ""), "artifactRepository");
  ASSERT_EQ(loaded.documents.size(), 1u);
  const Json repo = yaml::to_json(loaded.documents[0].root)["s3"];
  EXPECT_EQ(repo.value("bucket", ""), by_dependent["argo-workflows"].bucket);
  EXPECT_EQ(repo.value("endpoint", ""), "minio.objectstore.svc:9000");
  EXPECT_EQ(repo.value("insecure", false), true) << "the stand-in, like the rendered MinIO, serves plain HTTP";
  const std::string secret = repo["accessKeySecret"].value("name", "");
  EXPECT_EQ(repo["secretKeySecret"].value("name", ""), secret);
  EXPECT_EQ(value_of(secret_value(*facts, "automation", secret, repo["accessKeySecret"].value("key", ""))),
            by_dependent["argo-workflows"].access_key);
  EXPECT_EQ(value_of(secret_value(*facts, "automation", secret, repo["secretKeySecret"].value("key", ""))),
            by_dependent["argo-workflows"].secret_key);

  EXPECT_TRUE((*store)->server->running()) << (*store)->server->how_it_ended() << "\n" << (*store)->server->log();
}

}  // namespace
}  // namespace bg::testing
