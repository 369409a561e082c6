// SPDX-License-Identifier: MIT
// data::parse_number, the number parser every data-file reader shares (EOS, f_eff, production and limit files,
// the R ratio): one finite number with optional blanks around it, nothing else.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "data_files.hpp"

using namespace darkscan;

TEST_CASE("data::parse_number: one finite number, blanks around it allowed, anything else refused")
{
    for (auto const& [text, expected] : {std::pair<std::string, double>{"1.5e3", 1500.0}, {" -2 ", -2.0},
                                         {"\t0.25\r", 0.25}, {"+7", 7.0}, {"1e-300", 1e-300}}) {
        CAPTURE(text);
        double value = 0.0;
        CHECK(data::parse_number(text, value));
        CHECK(value == expected);
    }
    for (std::string const& text : std::initializer_list<std::string>{"", "   ", "1.5x", "1 2", "1,5", "1e400", "1e-400",
                                                                     "nan", "inf", "-inf", "e5", std::string("1\0" "2", 3)}) {
        CAPTURE(text);
        double value = 42.0;
        CHECK_FALSE(data::parse_number(text, value));
        CHECK(value == 42.0);  // unchanged
    }
}
