// SPDX-License-Identifier: MIT
// The MPI job a scan runs in: initialisation when launched by mpirun or srun, rank and node-local rank,
// collective agreement on errors, and the few non-blocking messages of the tile protocol. Without MPI at build
// time every process is a job of one; a launch of several processes is then refused. Only the thread that
// created the MpiContext may call it (MPI_THREAD_FUNNELED).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace darkscan {

/// Message tags of the tile protocol (scan_driver.cpp).
enum class MpiTag : int { request = 1, assign, tile, tile_data, written, finished, stop };

class MpiContext {
public:
    /// The job this process belongs to: MPI is initialised when the environment shows a launch by mpirun or
    /// srun (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK, PMI_SIZE); otherwise a job of one. Throws InputError
    /// when several processes were launched and this build has no MPI.
    static std::unique_ptr<MpiContext> from_environment(int* argc, char*** argv);
    /// This process's rank according to the launcher's environment (0 when not launched by one): decides who
    /// reports an error raised before the job exists.
    static int launcher_rank();
    ~MpiContext();
    MpiContext(MpiContext const&) = delete;
    MpiContext& operator=(MpiContext const&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    /// Rank among the processes on this node, and their number (for GPUs and CPU threads).
    int local_rank() const { return local_rank_; }
    int local_size() const { return local_size_; }
    bool active() const { return size_ > 1; }

    /// Collective: every rank passes its error (or nullptr). If any failed, every rank throws the error of the
    /// lowest failing rank (a UserError when it was one, with the same message); rank 0 prints it.
    void agree(std::exception_ptr error);
    /// Collective: rank 0's `values` on every rank (resized to rank 0's length).
    void broadcast(std::vector<std::uint64_t>& values);
    /// Collective: element-wise sum over ranks of `values`, returned on rank 0 (other ranks get theirs back).
    std::vector<std::uint64_t> sum_to_root(std::vector<std::uint64_t> const& values);
    void barrier();
    /// Prints "darkscan: rank R: error: <what>" and ends every process of the job with `exit_code`.
    [[noreturn]] void abort(char const* what, int exit_code);

    /// A non-blocking send or receive; the buffer must outlive it. Destruction waits for completion.
    class Request {
    public:
        Request();
        ~Request();
        Request(Request&& other) noexcept;
        Request& operator=(Request&& other) noexcept;
        Request(Request const&) = delete;
        Request& operator=(Request const&) = delete;
        /// True once the operation is done (always for a default-constructed request).
        bool done();

    private:
        friend class MpiContext;
        struct State;
        std::unique_ptr<State> state_;
    };
    Request send(int destination, MpiTag tag, void const* data, std::size_t bytes);
    Request receive(int source, MpiTag tag, void* data, std::size_t bytes);
    /// A message with `tag` waiting to be received (from `source`, or any rank if -1): its source and size.
    struct Waiting {
        int source;
        std::size_t bytes;
    };
    std::optional<Waiting> probe(MpiTag tag, int source = -1);
    /// Receives a message known to be waiting or on its way (blocking).
    void receive_now(int source, MpiTag tag, void* data, std::size_t bytes);

private:
    MpiContext() = default;
    int rank_ = 0;
    int size_ = 1;
    int local_rank_ = 0;
    int local_size_ = 1;
    bool initialised_ = false;
};

}  // namespace darkscan
