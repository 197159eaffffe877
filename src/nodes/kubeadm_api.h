// The kubeadm v1beta4 API as data: every field of every kind, with its shape, to check our output.
//
// Transcribed field by field from the Go types of kubeadm.k8s.io/v1beta4
// (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go, the bootstraptoken/v1 types, and the 1.33–1.35
// additions), as summarised in the project's kubeadm facts sheet; docs/nodes.md records the
// sources. KubeletConfiguration is covered only for the fields Betelgeuse writes. unknown_fields()
// walks a document and names every key that the API does not have, or whose value has the wrong shape
// (a map where v1beta4 wants a list of {name, value}, as v1beta3's extraArgs were), as
// "Kind: path: problem" lines; an empty result means every key is a known v1beta4 field.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::nodes {

std::vector<std::string> unknown_fields(const nlohmann::json& document);

}  // namespace bg::nodes
