// SPDX-License-Identifier: MIT
// HDF5 error-stack text, the throwing half of checked HDF5 calls, and the error-printing guard.
#include "hdf5_handles.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

#include "errors.hpp"

namespace darkscan::hdf5 {
namespace {

/// HDF5 registers H5close() with atexit() at its first call. After a write failure (a full disk, a file-size
/// limit) a file cannot be closed, and that H5close() then crashes in H5F__close_cb (HDF5 1.10.8): a segfault
/// at exit after darkscan has reported the error. Every file darkscan opens is closed explicitly
/// (ScanFile::finish() or its destructor), so the handler has nothing left to do: it is switched off, before
/// the first HDF5 call, by this static initialiser.
[[maybe_unused]] herr_t const no_close_at_exit = H5dont_atexit();

/// H5Ewalk2 callback: appends "function(): description" for one stack entry to a std::vector<std::string>.
herr_t collect_error_entry(unsigned /*position*/, H5E_error2_t const* entry, void* entries)
{
    std::string text = entry->func_name != nullptr ? std::string(entry->func_name) + "(): " : std::string();
    if (entry->desc != nullptr && entry->desc[0] != '\0') {
        text += entry->desc;
    } else {
        char minor_message[256] = "";
        H5Eget_msg(entry->min_num, nullptr, minor_message, sizeof minor_message);
        text += minor_message;
    }
    // Some descriptions embed a ctime() timestamp, which ends in a newline; keep the message on one line.
    for (std::size_t newline = text.find('\n'); newline != std::string::npos; newline = text.find('\n', newline)) {
        bool const before_punctuation =
            newline + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[newline + 1]));
        text.replace(newline, 1, before_punctuation ? "" : " ");
    }
    // A failed system call (a full disk): its message is what matters, not the buffer addresses and sizes.
    auto const message = text.find("error message = '");
    auto const code = text.find("errno = ");
    if (message != std::string::npos && code != std::string::npos) {
        auto const start = message + std::string("error message = '").size();
        std::string const call = entry->func_name != nullptr ? std::string(entry->func_name) + "(): " : std::string();
        std::string const what = text.substr(0, text.find(':', call.size()));
        text = what + ": " + text.substr(start, text.find('\'', start) - start) + " (errno "
               + std::to_string(std::atoi(text.c_str() + code + 8)) + ")";
    }
    static_cast<std::vector<std::string>*>(entries)->push_back(std::move(text));
    return 0;
}

}  // namespace

std::string error_stack_text()
{
    std::vector<std::string> entries;
    if (H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error_entry, &entries) < 0 || entries.empty()) {
        return "no HDF5 error stack";
    }
    if (entries.size() <= 2) {
        return entries.front() + (entries.size() == 2 ? "; " + entries.back() : std::string());
    }
    // The frames in between are HDF5 internals; a failed flush can repeat them for every chunk.
    return entries.front() + "; ...; " + entries.back();
}

void throw_error(std::string const& context)
{
    std::string const stack = error_stack_text();
    H5Eclear2(H5E_DEFAULT);
    throw OutputError(context + ": " + stack);
}

void skip_cleanup_at_exit() noexcept
{
    H5dont_atexit();
}

SilencedErrorPrinting::SilencedErrorPrinting() noexcept
{
    saved_ = H5Eget_auto2(H5E_DEFAULT, &saved_function_, &saved_data_) >= 0;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

SilencedErrorPrinting::~SilencedErrorPrinting()
{
    if (saved_) {
        H5Eset_auto2(H5E_DEFAULT, saved_function_, saved_data_);
    }
}

}  // namespace darkscan::hdf5
