// The ports of a component that the components depending on it may reach.
//
// A dependency edge opens the provider's ports to the dependent (isolate) and to the Jobs that
// provision it (provision). Every port counts except the metrics port (unless it is the UI's),
// which only the scraper reaches (observe).
#pragma once

#include <vector>

#include "platform/platform.h"

namespace bg::render {

std::vector<int> service_ports(const platform::Component& c);

}  // namespace bg::render
