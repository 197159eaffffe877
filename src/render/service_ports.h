// The ports of a component that the components depending on it may reach.
//
// A dependency edge opens the provider's ports to the dependent (isolate) and to the Jobs that
// provision it (provision). Every port counts except one that serves nothing but metrics, which
// only the scraper reaches (observe). A metrics port serves nothing else when it is named
// `metrics`: MinIO's S3 API, Tempo's query API and vLLM's API carry their metrics on the port
// their clients use, and that port must stay open to them.
#pragma once

#include <vector>

#include "platform/platform.h"

namespace bg::render {

std::vector<int> service_ports(const platform::Component& c);

}  // namespace bg::render
