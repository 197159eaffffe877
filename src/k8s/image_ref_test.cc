#include "k8s/image_ref.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

TEST(ImageRef, SplitsRegistryRepositoryTagAndDigest) {
  struct Case {
    const char* image;
    const char* registry;
    const char* repository;
    const char* tag;
    const char* digest;
  };
  for (const Case& c : std::vector<Case>{
           {"postgres", "", "postgres", "", ""},
           {"postgres:16.4", "", "postgres", "16.4", ""},
           {"bitnami/kafka:3.7", "", "bitnami/kafka", "3.7", ""},
           {"quay.io/cilium/cilium:v1.16.5@sha256:abc", "quay.io", "cilium/cilium", "v1.16.5", "sha256:abc"},
           {"localhost:5000/app", "localhost:5000", "app", "", ""},
           {"localhost/app:1", "localhost", "app", "1", ""},
           {"registry.k8s.io/kube-proxy@sha256:def", "registry.k8s.io", "kube-proxy", "", "sha256:def"},
       }) {
    ImageRef r = ImageRef::parse(c.image);
    EXPECT_EQ(r.registry, c.registry) << c.image;
    EXPECT_EQ(r.repository, c.repository) << c.image;
    EXPECT_EQ(r.tag, c.tag) << c.image;
    EXPECT_EQ(r.digest, c.digest) << c.image;
  }
}

TEST(ImageRef, APortIsNotATagAndTheNameKeepsTheRegistry) {
  ImageRef r = ImageRef::parse("registry.local:5000/team/app");
  EXPECT_FALSE(r.has_tag);
  EXPECT_EQ(r.name(), "registry.local:5000/team/app");
  EXPECT_TRUE(ImageRef::parse("app:").has_tag);
  EXPECT_TRUE(ImageRef::parse("app@").has_digest);
  EXPECT_FALSE(ImageRef::parse("app:1").has_digest);
}

}  // namespace
}  // namespace bg::k8s
