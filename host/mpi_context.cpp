// SPDX-License-Identifier: MIT
// MPI job (see mpi_context.hpp): initialisation from the launcher's environment, collectives, non-blocking
// messages; a job of one when darkscan is built without MPI.
#include "mpi_context.hpp"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "darkscan/config.hpp"
#include "errors.hpp"

#if DARKSCAN_USE_MPI
#include <mpi.h>
#endif

namespace darkscan {
namespace {

/// A variable the launcher sets, as a number; -1 when unset or not a number.
int environment_number(char const* name)
{
    char const* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        return -1;
    }
    char* end = nullptr;
    long const value = std::strtol(text, &end, 10);
    return *end == '\0' && value >= 0 && value <= INT_MAX ? static_cast<int>(value) : -1;
}

bool launched_by_mpi()
{
    for (char const* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (environment_number(name) >= 0) {
            return true;
        }
    }
    return false;
}

#if DARKSCAN_USE_MPI
void check(int result, char const* call)
{
    if (result != MPI_SUCCESS) {
        char text[MPI_MAX_ERROR_STRING] = "";
        int length = 0;
        MPI_Error_string(result, text, &length);
        throw std::runtime_error(std::string(call) + " failed: " + text);
    }
}

int byte_count(std::size_t bytes)
{
    if (bytes > static_cast<std::size_t>(INT_MAX)) {
        throw std::length_error("MPI message of " + std::to_string(bytes) + " bytes (at most 2^31 - 1)");
    }
    return static_cast<int>(bytes);
}
#endif

#if !DARKSCAN_USE_MPI
/// Processes launched together, from the launcher's environment (1 when not launched by one).
int launched_size()
{
    for (char const* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
        if (int const size = environment_number(name); size > 0) {
            return size;
        }
    }
    return 1;
}

[[noreturn]] void without_mpi()
{
    throw std::logic_error("MPI message in a job of one process");
}
#endif

}  // namespace

struct MpiContext::Request::State {
#if DARKSCAN_USE_MPI
    MPI_Request request = MPI_REQUEST_NULL;
#endif
};

std::unique_ptr<MpiContext> MpiContext::from_environment(int* argc, char*** argv)
{
    std::unique_ptr<MpiContext> context(new MpiContext);
    if (!launched_by_mpi()) {
        return context;
    }
#if DARKSCAN_USE_MPI
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    context->initialised_ = true;
    if (provided < MPI_THREAD_FUNNELED) {
        throw std::runtime_error("the MPI library does not support MPI_THREAD_FUNNELED");
    }
    check(MPI_Comm_rank(MPI_COMM_WORLD, &context->rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &context->size_), "MPI_Comm_size");
    MPI_Comm node = MPI_COMM_NULL;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, context->rank_, MPI_INFO_NULL, &node),
          "MPI_Comm_split_type");
    check(MPI_Comm_rank(node, &context->local_rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(node, &context->local_size_), "MPI_Comm_size");
    MPI_Comm_free(&node);
#else
    (void)argc;
    (void)argv;
    if (int const size = launched_size(); size > 1) {
        throw InputError("this darkscan was built without MPI but launched as " + std::to_string(size)
                         + " processes; install OpenMPI (scripts/setup_system.sh) and rebuild, or run one process");
    }
#endif
    return context;
}

int MpiContext::launcher_rank()
{
    for (char const* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
        if (int const rank = environment_number(name); rank >= 0) {
            return rank;
        }
    }
    return 0;
}

MpiContext::~MpiContext()
{
#if DARKSCAN_USE_MPI
    if (initialised_) {
        MPI_Finalize();
    }
#endif
}

void MpiContext::agree(std::exception_ptr error)
{
    if (!active()) {
        if (error) {
            std::rethrow_exception(error);
        }
        return;
    }
#if DARKSCAN_USE_MPI
    int const failed = error ? rank_ : size_;
    int lowest = size_;
    check(MPI_Allreduce(&failed, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
    if (lowest == size_) {
        return;
    }
    int user_error = 0;
    std::string message;
    if (rank_ == lowest) {
        try {
            std::rethrow_exception(error);
        } catch (UserError const& failure) {
            user_error = 1;
            message = failure.what();
        } catch (std::exception const& failure) {
            message = failure.what();
        } catch (...) {
            message = "unknown error";
        }
    }
    unsigned long long length = message.size();
    check(MPI_Bcast(&user_error, 1, MPI_INT, lowest, MPI_COMM_WORLD), "MPI_Bcast");
    check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, lowest, MPI_COMM_WORLD), "MPI_Bcast");
    message.resize(length);
    check(MPI_Bcast(message.data(), byte_count(length), MPI_CHAR, lowest, MPI_COMM_WORLD), "MPI_Bcast");
    if (rank_ == lowest) {
        std::rethrow_exception(error);
    }
    if (user_error) {
        throw UserError(message);
    }
    throw std::runtime_error(message);
#endif
}

void MpiContext::broadcast(std::vector<std::uint64_t>& values)
{
#if DARKSCAN_USE_MPI
    if (!active()) {
        return;
    }
    unsigned long long length = values.size();
    check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
    values.resize(length);
    check(MPI_Bcast(values.data(), byte_count(length * sizeof(std::uint64_t)), MPI_BYTE, 0, MPI_COMM_WORLD),
          "MPI_Bcast");
#else
    (void)values;  // a job of one holds rank 0's values already
#endif
}

std::vector<std::uint64_t> MpiContext::sum_to_root(std::vector<std::uint64_t> const& values)
{
    std::vector<std::uint64_t> sums = values;
#if DARKSCAN_USE_MPI
    if (active()) {
        check(
            MPI_Reduce(values.data(), sums.data(), byte_count(values.size()), MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD),
            "MPI_Reduce");
    }
#endif
    return sums;
}

void MpiContext::barrier()
{
#if DARKSCAN_USE_MPI
    if (active()) {
        check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
    }
#endif
}

void MpiContext::abort(char const* what, int exit_code)
{
    std::fprintf(stderr, "darkscan: rank %d: error: %s\n", rank_, what);
    std::fflush(stderr);
#if DARKSCAN_USE_MPI
    if (initialised_) {
        MPI_Abort(MPI_COMM_WORLD, exit_code);
    }
#endif
    std::_Exit(exit_code);
}

MpiContext::Request::Request() = default;

MpiContext::Request::~Request()
{
#if DARKSCAN_USE_MPI
    if (state_ && state_->request != MPI_REQUEST_NULL) {
        MPI_Wait(&state_->request, MPI_STATUS_IGNORE);
    }
#endif
}

MpiContext::Request::Request(Request&& other) noexcept : state_(std::move(other.state_)) {}

MpiContext::Request& MpiContext::Request::operator=(Request&& other) noexcept
{
    if (this != &other) {
        Request discarded(std::move(*this));  // waits for this one
        state_ = std::move(other.state_);
    }
    return *this;
}

bool MpiContext::Request::done()
{
#if DARKSCAN_USE_MPI
    if (!state_ || state_->request == MPI_REQUEST_NULL) {
        return true;
    }
    int flag = 0;
    check(MPI_Test(&state_->request, &flag, MPI_STATUS_IGNORE), "MPI_Test");
    return flag != 0;
#else
    return true;
#endif
}

MpiContext::Request MpiContext::send(int destination, MpiTag tag, void const* data, std::size_t bytes)
{
    Request request;
#if DARKSCAN_USE_MPI
    request.state_ = std::make_unique<Request::State>();
    check(MPI_Isend(data, byte_count(bytes), MPI_BYTE, destination, static_cast<int>(tag), MPI_COMM_WORLD,
                    &request.state_->request),
          "MPI_Isend");
#else
    (void)destination, (void)tag, (void)data, (void)bytes;
    without_mpi();
#endif
    return request;
}

MpiContext::Request MpiContext::receive(int source, MpiTag tag, void* data, std::size_t bytes)
{
    Request request;
#if DARKSCAN_USE_MPI
    request.state_ = std::make_unique<Request::State>();
    check(MPI_Irecv(data, byte_count(bytes), MPI_BYTE, source, static_cast<int>(tag), MPI_COMM_WORLD,
                    &request.state_->request),
          "MPI_Irecv");
#else
    (void)source, (void)tag, (void)data, (void)bytes;
    without_mpi();
#endif
    return request;
}

std::optional<MpiContext::Waiting> MpiContext::probe(MpiTag tag, int source)
{
#if DARKSCAN_USE_MPI
    int flag = 0;
    MPI_Status status;
    check(MPI_Iprobe(source < 0 ? MPI_ANY_SOURCE : source, static_cast<int>(tag), MPI_COMM_WORLD, &flag, &status),
          "MPI_Iprobe");
    if (!flag) {
        return std::nullopt;
    }
    int count = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
    return Waiting{status.MPI_SOURCE, static_cast<std::size_t>(count)};
#else
    (void)tag, (void)source;
    without_mpi();
#endif
}

void MpiContext::receive_now(int source, MpiTag tag, void* data, std::size_t bytes)
{
#if DARKSCAN_USE_MPI
    check(MPI_Recv(data, byte_count(bytes), MPI_BYTE, source, static_cast<int>(tag), MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
#else
    (void)source, (void)tag, (void)data, (void)bytes;
    without_mpi();
#endif
}

}  // namespace darkscan
