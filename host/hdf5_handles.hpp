// SPDX-License-Identifier: MIT
// Move-only RAII handles over HDF5 C API identifiers, a checked call turning a failure and the HDF5 error
// stack into darkscan::OutputError, and a scoped guard that keeps HDF5 from printing errors to stderr.
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace darkscan::hdf5 {

/// Owns one HDF5 identifier and releases it with `close_function`; move-only. Destruction ignores the
/// close status; close() returns it for callers that must report it (the last close of a file writes it).
template <herr_t (*close_function)(hid_t)>
class Handle {
public:
    Handle() = default;
    explicit Handle(hid_t id) : id_(id) {}
    ~Handle() { close(); }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
    Handle& operator=(Handle&& other) noexcept
    {
        if (this != &other) {
            close();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
        }
        return *this;
    }
    Handle(Handle const&) = delete;
    Handle& operator=(Handle const&) = delete;

    hid_t id() const { return id_; }
    bool is_open() const { return id_ >= 0; }

    /// Releases the identifier now; returns the close status (negative on failure), 0 if nothing was open.
    herr_t close() noexcept
    {
        herr_t const status = is_open() ? close_function(id_) : 0;
        id_ = H5I_INVALID_HID;
        return status;
    }

private:
    hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;
using Object = Handle<H5Oclose>;

/// The calling thread's HDF5 error stack on one line: its outermost and innermost (most specific) entries,
/// "H5Dcreate2(): unable to create dataset; ...; H5G__traverse_real(): component not found".
/// Returns "no HDF5 error stack" when the stack is empty (the high-level library often fails silently).
std::string error_stack_text();

/// Throws OutputError "<context>: <error stack>" and clears the error stack.
[[noreturn]] void throw_error(std::string const& context);

/// Returns `status` (an identifier, herr_t or htri_t) if it is non-negative, else throws OutputError
/// "<file>: <object>: <call> failed: <error stack>".
template <typename Status>
Status check(Status status, std::string_view call, std::filesystem::path const& file, std::string_view object)
{
    if (status < 0) {
        throw_error(file.string() + ": " + std::string(object) + ": " + std::string(call) + " failed");
    }
    return status;
}

/// Keeps HDF5 from closing, at exit, the files still open: after a failed write (a full disk) HDF5 1.10 can
/// crash closing such a file, whose on-disk state is consistent anyway (SWMR writing); darkscan closes every
/// file it finishes itself. Call before any other HDF5 function.
void skip_cleanup_at_exit() noexcept;

/// While alive, HDF5 does not print its error stack to stderr (errors reach the user as exceptions);
/// the previous automatic error handler is restored on destruction.
class SilencedErrorPrinting {
public:
    SilencedErrorPrinting() noexcept;
    ~SilencedErrorPrinting();
    SilencedErrorPrinting(SilencedErrorPrinting const&) = delete;
    SilencedErrorPrinting& operator=(SilencedErrorPrinting const&) = delete;

private:
    H5E_auto2_t saved_function_ = nullptr;
    void* saved_data_ = nullptr;
    bool saved_ = false;
};

}  // namespace darkscan::hdf5
