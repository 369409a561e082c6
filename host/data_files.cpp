// SPDX-License-Identifier: MIT
// Locates reference-data files and checks them against the compiled-in manifest (SHA-256).
#include "data_files.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include "darkscan/config.hpp"
#include "errors.hpp"

namespace darkscan::data {

// The manifest text (data/MANIFEST.tsv), embedded at build time by a generated source file.
extern char const* const manifest_tsv;

namespace {

struct ManifestEntry {
    std::string sha256;
    std::string repository;
    std::string commit;
    std::string upstream_path;
    std::string licence;
};

std::map<std::string, ManifestEntry, std::less<>> parse_manifest()
{
    std::map<std::string, ManifestEntry, std::less<>> entries;
    std::istringstream lines(manifest_tsv);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string path;
        ManifestEntry entry;
        std::getline(fields, path, '\t');
        std::getline(fields, entry.sha256, '\t');
        std::getline(fields, entry.repository, '\t');
        std::getline(fields, entry.commit, '\t');
        std::getline(fields, entry.upstream_path, '\t');
        std::getline(fields, entry.licence, '\t');
        entries.emplace(std::move(path), std::move(entry));
    }
    return entries;
}

auto const& manifest()
{
    static auto const entries = parse_manifest();
    return entries;
}

ManifestEntry const& manifest_entry(std::string_view relative_path)
{
    auto const it = manifest().find(relative_path);
    if (it == manifest().end()) {
        throw DataError("data file " + std::string(relative_path) + " is not in the data manifest");
    }
    return it->second;
}

std::string sha256_hex(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DataError("data file " + path.string() + " cannot be read");
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw DataError("cannot initialise SHA-256 to check " + path.string());
    }
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest.data(), &length);
    static char const hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0xf];
    }
    return text;
}

std::mutex state_mutex;
std::optional<std::filesystem::path> directory_override;
std::map<std::string, std::filesystem::path, std::less<>> verified;

}  // namespace

void set_directory(std::filesystem::path const& path)
{
    std::lock_guard lock(state_mutex);
    directory_override = path;
    verified.clear();
}

std::filesystem::path directory()
{
    std::lock_guard lock(state_mutex);
    if (directory_override) {
        return *directory_override;
    }
    if (char const* from_environment = std::getenv("DARKSCAN_DATA_DIR"); from_environment && *from_environment) {
        return from_environment;
    }
    return config::default_data_directory;
}

std::filesystem::path verified_path(std::string_view relative_path)
{
    auto const& entry = manifest_entry(relative_path);
    auto const path = directory() / std::filesystem::path(std::string(relative_path));
    {
        std::lock_guard lock(state_mutex);
        if (auto const it = verified.find(relative_path); it != verified.end() && it->second == path) {
            return path;
        }
    }
    if (!std::filesystem::is_regular_file(path)) {
        throw DataError("data file " + path.string() +
                        " is missing (set --data-dir or DARKSCAN_DATA_DIR, or run scripts/setup_data.sh)");
    }
    auto const actual = sha256_hex(path);
    if (actual != entry.sha256) {
        throw DataError("data file " + path.string() + " has SHA-256 " + actual + ", expected " + entry.sha256 +
                        " (altered or wrong version)");
    }
    std::lock_guard lock(state_mutex);
    verified.insert_or_assign(std::string(relative_path), path);
    return path;
}

std::string provenance(std::string_view relative_path)
{
    auto const& entry = manifest_entry(relative_path);
    return entry.repository + "@" + entry.commit + ":" + entry.upstream_path + " (" + entry.licence + ")";
}

std::ifstream open_text(std::filesystem::path const& file)
{
    std::ifstream stream(file);
    if (!stream || std::filesystem::is_directory(file)) {
        throw DataError(file.string() + ": cannot open");
    }
    return stream;
}

void for_each_line(std::filesystem::path const& file, std::function<void(std::string const&, int)> const& visit)
{
    std::ifstream stream = open_text(file);
    for_each_line(stream, visit);
}

void for_each_line(std::istream& text, std::function<void(std::string const&, int)> const& visit)
{
    std::string line;
    for (int line_number = 1; std::getline(text, line); ++line_number) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        visit(line, line_number);
    }
}

bool parse_number(std::string const& token, double& value)
{
    std::size_t const begin = token.find_first_not_of(" \t\r");
    if (begin == std::string::npos) {
        return false;
    }
    std::string const text = token.substr(begin, token.find_last_not_of(" \t\r") + 1 - begin);
    char* end = nullptr;
    errno = 0;
    double const parsed = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(parsed)) {
        return false;
    }
    value = parsed;
    return true;
}

void malformed_line(std::filesystem::path const& file, int line_number, std::string const& what)
{
    throw DataError(file.string() + ":" + std::to_string(line_number) + ": " + what);
}

}  // namespace darkscan::data
