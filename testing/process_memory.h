// How much memory a container's processes hold, for the contract tests to hold against the
// container's rendered `resources.limits.memory` (the kubelet's cgroup would OOM-kill a container
// that goes over it; no cgroup limits a process of the tests).
//
// The measure is the sum of the proportional set sizes (PSS, /proc/PID/smaps_rollup) of a process
// and all its descendants: each resident page counted once across them, shared pages split, which
// is about what the container's memory cgroup is charged for those pages. Page cache of files read
// but not mapped is not counted, so it is a lower bound of the cgroup's usage: a container whose
// processes alone exceed its limit cannot run within it.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/result.h"

namespace bg::testing {

// The PSS of `root` and every descendant, in bytes. An error when `root` is not running.
Result<long long> process_tree_pss_bytes(pid_t root);

// The CPU time `root` and every descendant have used (user and system, their own and that of their
// children that have exited and been waited for), in seconds. An error when `root` is not running.
Result<double> process_tree_cpu_seconds(pid_t root);

// A Kubernetes memory quantity ("2Gi", "512Mi", "1G", "1500000") in bytes; an error for anything
// else (millis or exponents are not used for memory here).
Result<long long> memory_quantity_bytes(const std::string& quantity);

}  // namespace bg::testing
