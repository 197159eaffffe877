#include "check/checker.h"

#include <algorithm>
#include <exception>
#include <tuple>

#include "check/json_node.h"
#include "check/rules/rules.h"
#include "check/validate.h"

namespace bg::check {
namespace {

using ObjectRule = void (*)(const ObjectContext&, Out&);
// A set rule: its collector (null when the facts Inventory::collect copies are all it compares)
// and its judge.
struct SetRule {
  void (*collect)(const ObjectContext&, Inventory&);
  void (*judge)(const Inventory&, SetOut&);
};

constexpr ObjectRule kObjectRules[] = {
    rules::image_pinned,    rules::container_security, rules::resources_and_probes, rules::literal_secrets,
    rules::ui_auth,         rules::tls_hosts,          rules::scrape_annotations,   rules::size_limits,
    rules::storage_size,
};

constexpr SetRule kSetRules[] = {
    {rules::collect_tls, rules::tls_sources},
    {rules::collect_default_deny, rules::default_deny},
    {rules::collect_metrics_ports, rules::metrics_scraped},
    {nullptr, rules::service_selectors},
    {rules::collect_backends, rules::route_backends},
    {rules::collect_tcp_services, rules::tcp_services},
    {rules::collect_storage, rules::storage},
    {rules::collect_netpol_selectors, rules::netpol_selectors},
    {nullptr, rules::monitor_selectors},
};

}  // namespace

Checker::Checker(const SchemaSet& schemas, bool principles) : schemas_(schemas), principles_(principles) {}

void Checker::internal_error(const k8s::ObjectRef& id, const SourceLocation& loc, const std::string& what) {
  findings_.push_back({"internal", Severity::kError, id, {}, "internal error while checking this object: " + what,
                       "please report this with the manifest that caused it", loc});
}

void Checker::add(const Subject& s) {
  ++summary_.objects;
  if (s.fallback.file != last_file_) {  // objects come file by file: look up only on a change
    file_order_.emplace(s.fallback.file, file_order_.size());
    last_file_ = s.fallback.file;
  }
  try {
    std::size_t before = findings_.size();
    bool object = validate_subject(s, schemas_, findings_);
    if (findings_.size() == before + 1 && findings_.back().rule == "unknown-kind")
      unknown_.push_back({s.body, s.id, s.located, s.fallback, before});
    else if (object && findings_.size() == before && s.kind() == "CustomResourceDefinition")
      learn_crd(s);
    if (!object || !principles_) return;
    ObjectContext ctx{s, pod_template(s.body, s.kind()), {}};
    if (ctx.pod) ctx.containers = containers(*ctx.pod);
    std::vector<Finding> found;
    std::vector<Suppression> suppressions = read_suppressions(s, findings_);
    Out out(s, found);
    for (ObjectRule rule : kObjectRules) rule(ctx, out);
    summary_.suppressed += apply_suppressions(suppressions, found);
    std::move(found.begin(), found.end(), std::back_inserter(findings_));
    inventory_.collect(ctx, std::move(suppressions));
    for (const SetRule& rule : kSetRules)
      if (rule.collect) rule.collect(ctx, inventory_);
    flows_.collect(ctx, inventory_);
  } catch (const std::exception& e) {
    internal_error(s.id, s.at({}), e.what());
  }
}

void Checker::add_document(const yaml::Node& body, const std::string& file) {
  add(Subject{body, object_id(body), true, SourceLocation{file, 0, 0}});
}

void Checker::add_object(const manifest::Object& o, const SourceLocation& fallback) {
  yaml::Node body = node_of(o.body);
  add(Subject{body, object_id(body), false, o.from.spec_loc.file.empty() ? fallback : o.from.spec_loc});
}

void Checker::learn_crd(const Subject& s) {
  // A schema-valid CRD that still cannot be compiled (a pattern std::regex rejects…) teaches
  // nothing; its custom resources then stay unknown-kind warnings, as without it.
  (void)schemas_.add_crd(yaml::to_json(s.body));
}

void Checker::revalidate_unknown() {
  std::vector<bool> drop(findings_.size(), false);
  bool any = false;
  for (const Unknown& u : unknown_) {
    if (!schemas_.knows(str(field(u.body, "apiVersion")), str(field(u.body, "kind")))) continue;
    drop[u.finding] = any = true;
    validate_subject(Subject{u.body, u.id, u.located, u.fallback}, schemas_, findings_);
  }
  unknown_.clear();
  if (!any) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < findings_.size(); ++i)
    if (i >= drop.size() || !drop[i]) findings_[kept++] = std::move(findings_[i]);
  findings_.erase(findings_.begin() + static_cast<std::ptrdiff_t>(kept), findings_.end());
}

std::vector<Finding> Checker::finish() {
  revalidate_unknown();
  if (principles_) {
    SetOut out(inventory_);
    try {
      inventory_.index();
      for (const SetRule& rule : kSetRules) rule.judge(inventory_, out);
      rules::flows(inventory_, flows_, out);
    } catch (const std::exception& e) {
      internal_error({}, {}, e.what());
    }
    std::vector<Finding>& set = out.findings();
    const std::vector<std::uint32_t>& owners = out.owners();
    for (std::size_t i = 0; i < set.size(); ++i) {
      std::vector<Suppression>& sup = inventory_.objects[owners[i]].suppressions;
      bool silenced = false;
      for (Suppression& s : sup) {
        if (s.rule != set[i].rule) continue;
        s.used = true;
        silenced = true;
      }
      if (silenced) ++summary_.suppressed;
      else findings_.push_back(std::move(set[i]));
    }
    for (const Inventory::Record& r : inventory_.objects) report_unused(r.suppressions, r.id, findings_);
  }
  // Sort keys are computed once: a file lookup per comparison would dominate with many findings.
  struct Key {
    std::size_t file;
    int line, col;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(findings_.size());
  for (std::size_t i = 0; i < findings_.size(); ++i) {
    auto it = file_order_.find(findings_[i].loc.file);
    keys.push_back({it == file_order_.end() ? file_order_.size() : it->second, findings_[i].loc.line,
                    findings_[i].loc.col, i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(a.file, a.line, a.col, a.index) < std::tie(b.file, b.line, b.col, b.index);
  });
  std::vector<Finding> sorted;
  sorted.reserve(findings_.size());
  for (const Key& k : keys) sorted.push_back(std::move(findings_[k.index]));
  findings_.clear();
  return sorted;
}

}  // namespace bg::check
