// The CustomResourceDefinitions the platform's components own, built into the binary.
//
// A blueprint names the CRDs its controller serves (`crds:`, files of data/crds/<component>/); the
// crds trait renders them only while that component is enabled, so one apply brings up a working
// platform and switching a component off removes its CRDs too. Upstream CRDs are carried without
// their descriptions (scripts/gen-crds.py); the ones upstream had nothing for in our reference are
// minimal and written by us (data/crds/PROVENANCE.md). The files are parsed once, on first use, and
// live for the whole program.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace bg::catalog {

// The CRD in the built-in file `file` (e.g. "cert-manager.io_certificates.json"), or null when no
// such file is built in. Thread-safe.
const nlohmann::json* find_crd(std::string_view file);

}  // namespace bg::catalog
