// SPDX-License-Identifier: MIT
// doctest entry point for the darkscan unit tests (plain C++, never compiled by nvcc).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
