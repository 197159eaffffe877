// Kafka's contract (issue 13): the rendered kafka StatefulSet's container, given exactly what the
// kubelet gives it (the rendered env, the generated SASL password from apply's Secret, the
// service-link variables of its namespace's Services), starts the real Kafka 4.1.0 broker in KRaft
// mode as the apache/kafka image does: the image's own env-to-server.properties step and storage
// format (kafka.docker.KafkaDockerWrapper, in the broker's jar on Maven Central), then the broker
// (testing/contract/kafka-entrypoint.sh). The file it writes must be what the image's documented
// rule makes of the env; the broker must answer the container's readiness probe; and a client
// from outside, at the address and port the EXTERNAL listener advertises, must produce and consume
// with SASL/PLAIN as `client` and the generated password, and be refused with another.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "common/base64.h"
#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const Json& kafka_statefulset() { return example_object("apps", "StatefulSet", "streaming", "kafka"); }

// The folder the setup script lays out (bin/java, lib/).
Result<std::string> kafka_dist() {
  auto java = contract_program("kafka", "KAFKA_VERSION", "java");
  if (!java) return java.status();
  return java->substr(0, java->rfind("/bin/"));
}

// docker.io/apache/kafka:4.1.0: CMD /etc/kafka/docker/run (stood in for), the appuser account as
// uid 1000, its folders /opt/kafka/config (written at every start), /etc/kafka/docker (the
// defaults) and /mnt/shared/config (the file input, empty).
ContainerImage kafka_image(const std::string& dist) {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/kafka-entrypoint.sh"), dist};
  image.cmd = {"/etc/kafka/docker/run"};
  image.workdir = "/";
  image.user = 1000;
  image.writable_dirs = {"/opt/kafka/config", "/etc/kafka/docker", "/mnt/shared/config"};
  image.passwd = {"appuser:x:1000:1000::/home/appuser:/bin/bash"};
  image.group = {"appuser:x:1000:"};
  return image;
}

// The image's documented rule (docker/examples/README.md) read backwards: a variable named
// KAFKA_… is the property with `.` written `_`, `_` written `__`, `-` written `___`, upper case.
// Kafka's scripts read some KAFKA_… variables themselves; those are no properties.
std::map<std::string, std::string> documented_properties(const std::vector<std::pair<std::string, std::string>>& env) {
  static const std::set<std::string> scripts_own = {
      "KAFKA_HEAP_OPTS",    "KAFKA_OPTS",     "KAFKA_JMX_OPTS",        "KAFKA_LOG4J_OPTS",         "KAFKA_JVM_PERFORMANCE_OPTS",
      "KAFKA_GC_LOG_OPTS",  "KAFKA_VERSION",  "KAFKA_JMX_HOSTNAME",    "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS",
      "KAFKA_TOOLS_LOG4J_LOGLEVEL"};
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : env) {
    if (name.rfind("KAFKA_", 0) != 0 || scripts_own.count(name)) continue;
    std::string key;
    const std::string rest = name.substr(6);
    for (std::size_t i = 0; i < rest.size();) {
      if (rest.compare(i, 3, "___") == 0) key += '-', i += 3;
      else if (rest.compare(i, 2, "__") == 0) key += '_', i += 2;
      else if (rest[i] == '_') key += '.', ++i;
      else key += static_cast<char>(std::tolower(static_cast<unsigned char>(rest[i++])));
    }
    out[key] = value;
  }
  return out;
}

std::map<std::string, std::string> parse_properties(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

std::string secret_value(const ClusterFacts& facts, const std::string& ns, const std::string& name, const std::string& key) {
  const Json* s = facts.find("Secret", ns, name);
  if (!s || !(*s)["data"].contains(key)) return {};
  return base64_decode((*s)["data"][key].get<std::string>()).value_or("");
}

TEST(KafkaContract, TheProgramIsTheVersionTheRenderPins) {
  const std::string pinned = contract_version("KAFKA_VERSION");
  EXPECT_EQ((*pod_template(kafka_statefulset()))["spec"]["containers"][0]["image"], "docker.io/apache/kafka:" + pinned)
      << "catalog/kafka.yaml and testing/contract/versions.env must name the same release";
  auto dist = kafka_dist();
  ASSERT_TRUE(dist) << dist.status().message();
  auto run = run_process({*dist + "/bin/java", "-cp", *dist + "/lib/*", "kafka.Kafka", "--version"});
  ASSERT_TRUE(run) << run.status().message();
  EXPECT_EQ(run->out.substr(0, run->out.find_first_of(" \n")), pinned) << run->out << run->err;
}

TEST(KafkaContract, StartsInKRaftModeFromTheRenderedEnvAndServesAnOutsideClientOverSaslPlain) {
  auto dist = kafka_dist();
  ASSERT_TRUE(dist) << dist.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  // The EXTERNAL listener is advertised at the ingress node's public address and the public TCP
  // port; the access layer forwards that port to the Service's. The test gives the address to the
  // pod network (it has no route out), where the broker listens on every address.
  TempDir data;
  ContractPod broker(**net, *facts, kafka_statefulset(), {"kafka-0", "10.244.4.10"}, "kafka", kafka_image(*dist));
  Status started = broker.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  const std::string advertised = broker.view().env_value("KAFKA_ADVERTISED_LISTENERS");
  const std::size_t at = advertised.find("EXTERNAL://");
  ASSERT_NE(at, std::string::npos) << advertised;
  const std::string external = advertised.substr(at + 11, advertised.find(',', at) - at - 11);
  const std::string external_host = external.substr(0, external.rfind(':'));
  ASSERT_EQ(external.substr(external.rfind(':') + 1), "9094")
      << "the public TCP port differs from the Service's: the test would need a forwarder for " << external;
  ASSERT_TRUE((*net)->add_address(external_host));
  Status ready = broker.wait_ready(std::chrono::seconds(180));
  ASSERT_TRUE(ready) << ready.message();

  // A Kafka tool from the jars, run inside the pod network.
  auto tool = [&](const std::string& main, std::vector<std::string> args, const std::string& input = {}) {
    std::vector<std::string> argv = (*net)->enter();
    for (const std::string& a : {*dist + "/bin/java", std::string("-cp"), *dist + "/lib/*", main}) argv.push_back(a);
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = run_process(argv, input);
    return run ? *run : ProcessResult{-1, "", run.status().message()};
  };
  // The file the image's step wrote is the documented rule applied to the env the pod was given.
  auto written = broker.exec({"cat", "/opt/kafka/config/server.properties"}, std::chrono::seconds(10));
  ASSERT_TRUE(written && written->exit_code == 0) << (written ? written->out : written.status().message());
  EXPECT_EQ(parse_properties(written->out), documented_properties(broker.view().env));

  // Every property written is one the broker knows: one it does not is ignored without a word,
  // so a misspelt or foreign variable would go unseen. The broker's own list of its settings is
  // the documentation it prints (kafka.server.KafkaConfig's main: the "Broker Configs" of Kafka's
  // docs, one anchor per setting); a per-listener setting
  // (listener.name.<listener>[.<mechanism>].<setting>) names a known one.
  ProcessResult documented = tool("kafka.server.KafkaConfig", {});
  ASSERT_EQ(documented.exit_code, 0) << documented.err;
  std::set<std::string> settings;
  for (std::size_t at = 0; (at = documented.out.find("<a id=\"", at)) != std::string::npos;) {
    at += 7;
    settings.insert(documented.out.substr(at, documented.out.find('"', at) - at));
  }
  ASSERT_TRUE(settings.count("log.dirs") && settings.count("sasl.jaas.config")) << documented.out.substr(0, 500);
  for (const auto& [key, value] : parse_properties(written->out)) {
    std::string setting = key;
    if (setting.rfind("listener.name.", 0) == 0) {
      setting = setting.substr(setting.find('.', 14) + 1);  // past the listener's name
      if (setting.rfind("plain.", 0) == 0) setting = setting.substr(6);  // a mechanism's own
    }
    EXPECT_TRUE(settings.count(setting)) << key << "=" << value << " is no setting of the broker's: it is ignored";
  }

  // A client outside the cluster, with the credentials of the Secret.
  const std::string user = secret_value(*facts, "streaming", "kafka-sasl", "username");
  const std::string password = secret_value(*facts, "streaming", "kafka-sasl", "password");
  ASSERT_EQ(user, "client");
  ASSERT_FALSE(password.empty());
  TempDir client;
  auto client_config = [&](const std::string& pw) {
    const std::string path = client.path() + "/client-" + std::to_string(pw.size()) + ".properties";
    std::ofstream(path) << "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                        << "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        << user << "\" password=\"" << pw << "\";\n";
    return path;
  };
  const std::string good = client_config(password), bad = client_config(password + "x");
  ProcessResult produced = tool("org.apache.kafka.tools.ConsoleProducer",
                                {"--bootstrap-server", external, "--topic", "contract", "--producer.config", good},
                                "hello from outside\n");
  EXPECT_EQ(produced.exit_code, 0) << produced.out << produced.err;
  ProcessResult consumed = tool("org.apache.kafka.tools.consumer.ConsoleConsumer",
                                {"--bootstrap-server", external, "--topic", "contract", "--from-beginning", "--max-messages",
                                 "1", "--timeout-ms", "60000", "--consumer.config", good});
  EXPECT_EQ(consumed.exit_code, 0) << consumed.out << consumed.err;
  EXPECT_EQ(consumed.out, "hello from outside\n") << consumed.err;
  ProcessResult refused = tool("org.apache.kafka.tools.TopicCommand",
                               {"--bootstrap-server", external, "--command-config", bad, "--list"});
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_NE((refused.out + refused.err).find("Authentication failed"), std::string::npos) << refused.out << refused.err;
  EXPECT_TRUE(broker.running()) << broker.how_it_ended() << "\n" << broker.log();
}

}  // namespace
}  // namespace bg::testing
