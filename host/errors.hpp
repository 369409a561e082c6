// SPDX-License-Identifier: MIT
// Error types that reach the user as one line and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace darkscan {

/// Exit code for a problem the user can fix: bad option or config, missing or altered data file,
/// unwritable or existing output.
inline constexpr int exit_user_error = 2;

/// A problem the user can fix; reported as one line with exit code exit_user_error.
class UserError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad configuration or command line: the message names the option, its value and what is allowed.
class InputError : public UserError {
public:
    using UserError::UserError;
};

/// A reference-data file is missing, unreadable, altered (SHA-256 mismatch) or malformed.
class DataError : public UserError {
public:
    using UserError::UserError;
};

/// The output file cannot be created or written (exists, unwritable directory, full disk, HDF5 error).
class OutputError : public UserError {
public:
    using UserError::UserError;
};

}  // namespace darkscan
