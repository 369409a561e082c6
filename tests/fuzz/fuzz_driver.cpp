// SPDX-License-Identifier: MIT
// libFuzzer entry point shared by every fuzz target: bytes to text, the target's parser, UserError accepted.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "errors.hpp"
#include "fuzz_target.hpp"

namespace darkscan::fuzz {

void fuzz_require(bool condition, char const* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz: a successful parse broke its guarantee: %s\n", what);
        std::abort();
    }
}

}  // namespace darkscan::fuzz

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    try {
        darkscan::fuzz::fuzz_one(std::string(reinterpret_cast<char const*>(data), size));
    } catch (darkscan::UserError const&) {
        // The one-line error for the user: what malformed input must produce.
    }
    return 0;
}
