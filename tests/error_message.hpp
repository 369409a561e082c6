// SPDX-License-Identifier: MIT
// The one-line message of the error a call throws: tests of malformed input compare it with the expected text.
#pragma once

#include <string>

/// The message of the exception of type Error that `action()` throws, or "" if it throws none.
template <class Error, class Action>
std::string error_message(Action&& action)
{
    try {
        action();
    } catch (Error const& error) {
        return error.what();
    }
    return "";
}
