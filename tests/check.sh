# SPDX-License-Identifier: MIT
# Shared by the shell tests (source it): check NAME COMMAND... runs the command, prints "ok NAME" or "FAIL NAME"
# with the end of its output, and counts; finish prints "N passed, N failed" and fails if any check failed.
# Needs $work, a scratch directory.
passed=0 failed=0
check() {
    local name=$1; shift
    if "$@" >"$work/check_output.txt" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/check_output.txt" | tail -25; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
