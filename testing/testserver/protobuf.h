// Just enough of Kubernetes' protobuf encoding to read what kubectl's typed clients send.
//
// `kubectl create namespace|configmap|secret|serviceaccount` post protobuf
// (application/vnd.kubernetes.protobuf: the "k8s\0" magic, then a runtime.Unknown envelope whose
// `raw` holds the object). The test server answers in JSON, which those clients accept, and decodes
// only these kinds' fields (ObjectMeta's name, generateName, namespace, labels, annotations and
// finalizers, plus the kinds' own data); other kinds get 415 so a gap shows up as an error, never
// as silently lost fields.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bg::testserver {

inline constexpr const char* kProtobufContentType = "application/vnd.kubernetes.protobuf";

std::optional<nlohmann::json> decode_protobuf_object(const std::string& body, std::string& error);

}  // namespace bg::testserver
