// The platform as a picture: hub-and-spoke, the way a person draws it on a whiteboard.
//
// Left to right: the internet and the public entry (the ingress nodes' addresses), the access layer
// (ingress controller, certificate issuer), one box per namespace holding its components, and the
// nodes whose SSDs hold the data. Edges: HTTPS hosts and raw TCP ports from the access layer to the
// components they reach, dependency edges between components, and storage edges to the node that
// keeps each component's volume. to_dot() is pure (same platform, same bytes); to_text() is the
// compact version `plan` prints.
#pragma once

#include <string>

#include "platform/platform.h"

namespace bg::diagram {

std::string to_dot(const platform::Platform& p);
std::string to_text(const platform::Platform& p);

}  // namespace bg::diagram
