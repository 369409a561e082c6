// SPDX-License-Identifier: MIT
// Reads DarkCast .prd production-fraction files into ProductionMixtureTable (see production_tables.hpp).
#include "production_tables.hpp"

#include <fstream>
#include <istream>
#include <sstream>
#include <utility>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

struct MechanismName {
    ProductionMechanism mechanism;
    std::string_view name;
};

constexpr MechanismName mechanism_names[production_mechanism_count] = {
    {ProductionMechanism::e_brem, "e_brem"},       {ProductionMechanism::e_e, "e_e"},
    {ProductionMechanism::mu_brem, "mu_brem"},     {ProductionMechanism::mu_mu, "mu_mu"},
    {ProductionMechanism::p_brem, "p_brem"},       {ProductionMechanism::pi0_gamma, "pi0_gamma"},
    {ProductionMechanism::eta_gamma, "eta_gamma"}, {ProductionMechanism::phi_eta, "phi_eta"},
    {ProductionMechanism::omega_pi0, "omega_pi0"}, {ProductionMechanism::rho0, "rho0"},
    {ProductionMechanism::omega, "omega"},         {ProductionMechanism::phi, "phi"},
    {ProductionMechanism::d_d, "d_d"},             {ProductionMechanism::u_u, "u_u"},
    {ProductionMechanism::s_s, "s_s"},             {ProductionMechanism::c_c, "c_c"},
    {ProductionMechanism::b_b, "b_b"},
};

/// Whitespace-separated words of a line, up to a '#'.
std::vector<std::string> words(std::string const& line)
{
    std::istringstream stream(line.substr(0, line.find('#')));
    std::vector<std::string> result;
    for (std::string word; stream >> word;) {
        result.push_back(std::move(word));
    }
    return result;
}

std::string known_names()
{
    std::string names;
    for (auto const& entry : mechanism_names) {
        names += (names.empty() ? "" : ", ") + std::string(entry.name);
    }
    return names;
}

/// The header row "# <mass label> <mechanism> ...": the mechanisms, checked.
std::vector<ProductionMechanism> parse_header(std::string const& line, std::filesystem::path const& source,
                                              int line_number)
{
    auto const hash = line.find('#');
    if (hash == std::string::npos || line.find_first_not_of(" \t") != hash) {
        data::malformed_line(source, line_number, "expected the header row '# mass <mechanism> ...' first");
    }
    std::string labels = line;
    labels.erase(hash, 1);  // DarkCast drops the '#' and keeps the rest of the row
    auto const names = words(labels);
    if (names.size() < 2) {
        data::malformed_line(source, line_number, "the header names no production mechanism");
    }
    if (names.size() - 1 > static_cast<std::size_t>(max_production_channels)) {
        data::malformed_line(source, line_number,
                             "more than " + std::to_string(max_production_channels) + " production mechanisms");
    }
    std::vector<ProductionMechanism> mechanisms;
    for (std::size_t j = 1; j < names.size(); ++j) {
        auto const mechanism = parse_production_mechanism(names[j]);
        if (!mechanism) {
            data::malformed_line(source, line_number,
                                 "unknown production mechanism '" + names[j] + "' (known: " + known_names() + ")");
        }
        for (auto const earlier : mechanisms) {
            if (earlier == *mechanism) {
                data::malformed_line(source, line_number, "production mechanism '" + names[j] + "' appears twice");
            }
        }
        mechanisms.push_back(*mechanism);
    }
    return mechanisms;
}

}  // namespace

std::string_view to_string(ProductionMechanism mechanism)
{
    for (auto const& entry : mechanism_names) {
        if (entry.mechanism == mechanism) {
            return entry.name;
        }
    }
    throw std::logic_error("ProductionMechanism value without a name");
}

std::optional<ProductionMechanism> parse_production_mechanism(std::string_view name)
{
    for (auto const& entry : mechanism_names) {
        if (entry.name == name) {
            return entry.mechanism;
        }
    }
    return std::nullopt;
}

ProductionMixtureTable parse_production_mixture(std::istream& text, std::string const& source_name)
{
    std::filesystem::path const source(source_name);
    ProductionMixtureTable table;
    bool header_read = false;
    data::for_each_line(text, [&](std::string const& line, int line_number) {
        if (!header_read) {
            if (line.find_first_not_of(" \t") == std::string::npos) {
                return;
            }
            table.mechanisms = parse_header(line, source, line_number);
            table.fractions.resize(table.mechanisms.size());
            header_read = true;
            return;
        }
        auto const fields = words(line);
        if (fields.empty()) {
            return;
        }
        std::size_t const columns = table.mechanisms.size() + 1;
        if (fields.size() != columns) {
            data::malformed_line(source, line_number,
                                 "expected " + std::to_string(columns) + " numbers (mass and one fraction per "
                                     "mechanism), found " + std::to_string(fields.size()) + " fields");
        }
        std::vector<double> values(columns);
        for (std::size_t i = 0; i < columns; ++i) {
            if (!data::parse_number(fields[i], values[i])) {
                data::malformed_line(source, line_number, "'" + fields[i] + "' is not a finite number");
            }
        }
        if (!(values[0] > 0.0)) {
            data::malformed_line(source, line_number, "the mass must be positive");
        }
        if (!table.mass.empty() && !(values[0] > table.mass.back())) {
            data::malformed_line(source, line_number, "masses not strictly increasing");
        }
        double sum = 0.0;
        for (std::size_t j = 1; j < columns; ++j) {
            if (!(values[j] >= 0.0)) {
                data::malformed_line(source, line_number, "a production fraction is negative");
            }
            sum += values[j];
        }
        if (!(sum > 0.0) || sum > max_production_fraction_sum) {
            data::malformed_line(source, line_number,
                                 "production fractions sum to " + std::to_string(sum) + ", not in (0, "
                                     + std::to_string(max_production_fraction_sum) + "]");
        }
        table.mass.push_back(values[0]);
        for (std::size_t j = 1; j < columns; ++j) {
            table.fractions[j - 1].push_back(values[j]);
        }
    });
    if (!header_read) {
        throw DataError(source_name + ": empty (no header row '# mass <mechanism> ...')");
    }
    if (table.mass.size() < 2) {
        throw DataError(source_name + ": fewer than 2 rows");
    }
    return table;
}

ProductionMixtureTable read_production_mixture(std::filesystem::path const& file)
{
    std::ifstream stream(file);
    if (!stream) {
        throw DataError(file.string() + ": cannot open");
    }
    return parse_production_mixture(stream, file.string());
}

ProductionMixtureTable load_production_mixture(std::string_view relative_path)
{
    return read_production_mixture(data::verified_path(relative_path));
}

}  // namespace darkscan
