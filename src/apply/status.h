// `betelgeuse status`: one row per component, read from the live cluster.
//
// A row says whether the component works (the worst kstatus health of its objects, with the
// message of the object that decided it; NotFound only when none of its objects is there, InProgress
// when some are and others are missing), how many replicas are ready, where people reach it
// (https URL of its UI, host:port of each raw TCP entry), when its certificate expires and how
// big its volumes are. It is computed from the rendered objects (what should exist) and what the
// Cluster returns (what does), so status needs no state of its own. Any read that fails stops it
// with that error: a row is never guessed, and an unreachable cluster is never a platform shown as
// NotFound.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apply/cluster.h"
#include "apply/health.h"
#include "common/result.h"
#include "manifest/object.h"
#include "platform/platform.h"

namespace bg::apply {

struct ComponentStatus {
  std::string component;
  std::string ns;
  Health health = Health::kCurrent;
  std::string message;        // why, when not Current
  int ready = 0, desired = 0;  // replicas across the component's workloads
  std::vector<std::string> urls;
  std::vector<std::string> tcp;  // "203.0.113.10:5432"
  std::string certificate_expiry;  // status.notAfter of its TLS certificate, "" when unknown
  std::string storage;             // "50Gi" from the bound claims, "" when none
};

Result<std::vector<ComponentStatus>> platform_status(Cluster& cluster, const platform::Platform& p, const manifest::ObjectSet& objects);

nlohmann::json status_json(const std::vector<ComponentStatus>& rows);

}  // namespace bg::apply
