// Bounded parallelism for I/O-bound loops: the apply engine keeps several API requests in flight
// (objects of one wave, lists of many kinds) without a thread per item.
#pragma once

#include <cstddef>
#include <functional>

namespace bg {

// Runs work(i) for every i in [0, n) on up to `parallelism` threads, the calling one included, and
// returns when all are done. `work` must be thread-safe; order is not defined.
void parallel_for(std::size_t n, int parallelism, const std::function<void(std::size_t)>& work);

}  // namespace bg
