// Endpoints: the in-cluster addresses a piece of configuration names, found in any string.
//
// A workload says whom it calls in its env values, args, command and the ConfigMaps it reads
// (a datasource URL, a database host, a `--backend-store-uri`). Two forms name a Service without
// doubt: its cluster DNS name, `name.namespace.svc` or `name.namespace.svc.cluster.local`
// (possibly after a pod's host name, `pod-0.name.namespace.svc`), with an optional `:port`; and a
// URL whose host is `name.namespace`, `scheme://name.namespace[:port]`, whose port is the
// scheme's default when not written. Everything else — external hosts, a bare `name`, `$(VAR)`
// hosts — is not an endpoint of this kind: the caller decides which namespaces it knows, so
// `https://example.com` is an endpoint in namespace `com` only for a set that has one.
//
// Finding endpoints must be cheap: every env value and ConfigMap value of a large set passes by.
// A string without "://" and ".svc" is rejected by two substring searches.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bg::check {

struct Endpoint {
  std::string service, ns;
  std::optional<int> port;  // written, or the scheme's default; none: any port of the Service
  std::size_t offset = 0;   // where `text` starts in the string
  std::string text;         // as written: "minio.objectstore.svc:9000", "http://tempo.observability:3200"
};

// The endpoints in `s`, in order of appearance.
std::vector<Endpoint> find_endpoints(std::string_view s);

// The default port of a URL scheme (http 80, https 443, postgresql 5432, …), or none.
std::optional<int> default_port(std::string_view scheme);

}  // namespace bg::check
