// SPDX-License-Identifier: MIT
// data::parse_number, the number parser every data-file reader shares (EOS, f_eff, production and limit files,
// the R ratio): one finite number with optional blanks around it, nothing else.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "data_files.hpp"

using namespace darkscan;

TEST_CASE("data::parse_number: one finite number, blanks around it allowed, anything else refused")
{
    struct Accepted {
        std::string text;
        double value;
    };
    for (Accepted const& accepted : std::initializer_list<Accepted>{
             {"1.5e3", 1500.0}, {" -2 ", -2.0}, {"\t0.25\r", 0.25}, {"+7", 7.0}, {"1e-300", 1e-300}}) {
        CAPTURE(accepted.text);
        double value = 0.0;
        CHECK(data::parse_number(accepted.text, value));
        CHECK(value == accepted.value);
    }
    for (std::string const& text : std::initializer_list<std::string>{"", "   ", "1.5x", "1 2", "1,5", "1e400", "1e-400",
                                                                     "nan", "inf", "-inf", "e5", std::string("1\0" "2", 3)}) {
        CAPTURE(text);
        double value = 42.0;
        CHECK_FALSE(data::parse_number(text, value));
        CHECK(value == 42.0);  // unchanged
    }
}
