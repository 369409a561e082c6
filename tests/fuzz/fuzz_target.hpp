// SPDX-License-Identifier: MIT
// The one function a fuzz target defines, and the check it uses for what must hold after a successful parse.
// fuzz_driver.cpp turns libFuzzer's bytes into text and calls fuzz_one(); darkscan::UserError (the one-line
// error bad input deserves) is an expected outcome, anything else (another exception, a sanitizer report, a
// failed fuzz_require) is a finding.
#pragma once

#include <string>

namespace darkscan::fuzz {

/// Parses `input` as the target's file format (defined once per target, in fuzz_<target>.cpp).
void fuzz_one(std::string const& input);

/// Aborts with `what` on stderr unless `condition` holds: a parse that succeeded returned something invalid.
void fuzz_require(bool condition, char const* what);

}  // namespace darkscan::fuzz
