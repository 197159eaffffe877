// vLLM's contract, as far as it can be run here (issue 13). vLLM itself cannot be: its wheels need
// CUDA builds of torch (gigabytes, and a GPU to start), so docs/components.md lists the server as
// unproven. What is proven is the defect found by reading, with the real interpreter: the render
// runs the container as uid 1000, for which the image (Ubuntu 22.04's accounts, no USER) has no
// account, and torch calls `getpass.getuser()` at import time (its compile caches are named after
// the user), which raises without an account unless LOGNAME, USER, LNAME or USERNAME is set. The
// test runs that very call in the container's sandbox: the rendered uid, the rendered env, the
// image's accounts alone.
#include <gtest/gtest.h>

#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

// docker.io/vllm/vllm-openai:v0.11.0: built on nvidia/cuda's Ubuntu 22.04 image, whose accounts
// are Ubuntu's base ones; no USER (root). The server is not run (see above): a shell that waits
// stands for the entrypoint, so the interpreter can be run beside it as `kubectl exec` would.
ContainerImage vllm_image() {
  ContainerImage image;
  image.entrypoint = {"/bin/sh", "-c", "exec sleep infinity", "vllm"};
  image.passwd = {"root:x:0:0:root:/root:/bin/bash",           "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
                  "bin:x:2:2:bin:/bin:/usr/sbin/nologin",       "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
                  "sync:x:4:65534:sync:/bin:/bin/sync",         "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin",
                  "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
                  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
                  "_apt:x:100:65534::/nonexistent:/usr/sbin/nologin"};
  image.group = {"root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "www-data:x:33:", "nogroup:x:65534:"};
  image.only_image_accounts = true;
  return image;
}

TEST(VllmContract, ThePythonUserLookupTorchMakesAtImportWorksUnderTheRenderedUserAndEnv) {
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ContractPod pod(**net, *facts, example_object("apps", "StatefulSet", "ml", "vllm"), {"vllm-0", "10.244.2.30"},
                  "vllm", vllm_image());
  Status started = pod.start();
  ASSERT_TRUE(started) << started.message();
  auto python = [&](const std::string& code) {
    auto run = pod.exec({"python3", "-c", code}, std::chrono::seconds(30));
    return run ? *run : ProcessResult{-1, "", run.status().message()};
  };

  // The sandbox is the image's as far as this matters: the rendered uid has no account in it.
  ProcessResult uid = python("import os; print(os.getuid())");
  ASSERT_EQ(uid.exit_code, 0) << uid.err;
  EXPECT_EQ(uid.out, "1000\n");
  ProcessResult account = python("import os, pwd; pwd.getpwuid(os.getuid())");
  EXPECT_NE(account.exit_code, 0) << "uid 1000 has an account in the sandbox, unlike in the image";

  // torch's call (torch/_inductor and torch/utils/cpp_extension name their caches after it).
  ProcessResult user = python("import getpass; print(getpass.getuser())");
  EXPECT_EQ(user.exit_code, 0) << "getpass.getuser() fails under the rendered uid and env:\n" << user.out << user.err;
  EXPECT_FALSE(user.out.empty() || user.out == "\n");
}

}  // namespace
}  // namespace bg::testing
