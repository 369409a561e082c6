// SPDX-License-Identifier: MIT
// The tile pipeline of a scan: a fixed set of tile buffers circulating between a compute thread (tiles through
// the backend, max_in_flight() at once) and a write thread (the only HDF5 caller), through bounded queues, so
// memory stays at a few tiles whatever the grid size; and the dispenser handing out the tiles left to do.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "scan_file.hpp"

namespace darkscan {

/// Blocking queue with a capacity; close() wakes every waiter, makes push() fail and pop() return empty once
/// drained.
template <class T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    bool push(T item)
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
        if (closed_) {
            return false;
        }
        items_.push_back(std::move(item));
        changed_.notify_all();
        return true;
    }

    std::optional<T> pop()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
        return take(lock);
    }

    /// An item if one is waiting, else empty at once.
    std::optional<T> try_pop()
    {
        std::unique_lock lock(mutex_);
        return take(lock);
    }

    void close()
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

    std::size_t size() const
    {
        std::lock_guard lock(mutex_);
        return items_.size();
    }

private:
    std::optional<T> take(std::unique_lock<std::mutex>&)
    {
        if (items_.empty()) {
            return std::nullopt;
        }
        T item = std::move(items_.front());
        items_.pop_front();
        changed_.notify_all();
        return item;
    }

    std::size_t capacity_;
    std::deque<T> items_;
    bool closed_ = false;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
};

/// Lets the pipeline's threads wake the thread that watches them (progress, MPI messages).
class Wakeup {
public:
    void notify()
    {
        std::lock_guard lock(mutex_);
        ++events_;
        changed_.notify_all();
    }
    /// Returns after a notify() since the previous call, or after `timeout`.
    void wait_for(std::chrono::microseconds timeout)
    {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return events_ != seen_; });
        seen_ = events_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t events_ = 0;
    std::uint64_t seen_ = 0;
};

/// Threads that share the iterations of one loop at a time, the calling thread among them.
class LoopThreads {
public:
    /// `threads` threads in all (at least 1): threads - 1 helpers and the caller of run().
    explicit LoopThreads(int threads);
    ~LoopThreads();
    LoopThreads(LoopThreads const&) = delete;
    LoopThreads& operator=(LoopThreads const&) = delete;

    int size() const { return static_cast<int>(helpers_.size()) + 1; }
    /// Calls body(i, thread) for every i in [0, n), thread in [0, size()) naming the thread that runs it; returns
    /// when every call has returned, and rethrows the first exception one threw.
    void run(std::size_t n, std::function<void(std::size_t, int)> const& body);

private:
    void work(int thread);

    std::vector<std::thread> helpers_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::function<void(std::size_t, int)> const* body_ = nullptr;
    std::size_t count_ = 0;
    std::atomic<std::size_t> next_{0};
    int busy_ = 0;
    std::uint64_t generation_ = 0;
    bool quit_ = false;
    std::exception_ptr error_;
};

/// Consecutive tiles [first, first + count).
struct TileRange {
    std::uint64_t first = 0;
    std::uint64_t count = 0;
};

/// The maximal runs of tiles whose flag equals `value`.
std::vector<TileRange> tile_runs(std::vector<std::uint8_t> const& flags, std::uint8_t value);

/// Hands out the tiles not yet done, in increasing order, in runs of consecutive tiles whose length follows
/// guided self-scheduling: the tiles left over twice the number of takers (at least 1), so takers start with
/// long runs (few requests, few runs per part file) and finish with single tiles (balanced ends). Thread-safe.
class TileDispenser {
public:
    TileDispenser(std::vector<std::uint8_t> const& tile_done, int takers);
    /// The next run, or empty once every tile is handed out or after stop().
    std::optional<TileRange> next();
    void stop();

private:
    std::mutex mutex_;
    std::vector<TileRange> runs_not_done_;  ///< the runs of tiles not done when the scan (re)started
    std::size_t current_run_ = 0;
    std::uint64_t taken_in_run_ = 0;
    std::uint64_t left_ = 0;
    std::uint64_t takers_;
    bool stopped_ = false;
};

/// Points, tiles and status-flag counts of written tiles.
struct TileTally {
    std::uint64_t tiles = 0;
    std::uint64_t points = 0;
    std::array<std::uint64_t, 32> flag_counts{};  ///< points with status bit k set, at index k

    void add(TileTally const& other);
    /// As 34 numbers (tiles, points, flag counts), for MPI messages and reductions.
    std::array<std::uint64_t, 34> to_array() const;
    static TileTally from_array(std::uint64_t const* values);
};

/// Tally of the points of `tile` in `buffers`.
TileTally tally_tile(ChunkedGrid const& grid, Tile const& tile, TileBuffers const& buffers);

using BufferPool = BoundedQueue<std::unique_ptr<TileBuffers>>;

/// A computed tile and the buffers holding it.
struct FilledTile {
    Tile tile;
    std::unique_ptr<TileBuffers> buffers;
};

/// Tile buffers of one process and the queue of computed tiles waiting to be written or sent: `buffers` buffers
/// of `slots` slots holding the `stored` outputs, circulating.
struct TileFlow {
    BufferPool pool;
    BoundedQueue<FilledTile> filled;

    TileFlow(std::size_t buffers, std::uint64_t slots, std::vector<int> const& stored);
    /// Ends the flow: blocked pushes fail and pops return empty.
    void close();
};

/// A thread running `work`; join() waits and rethrows what it threw. Destruction joins.
class Stage {
public:
    Stage(std::function<void()> work, Wakeup& wakeup);
    ~Stage();
    Stage(Stage const&) = delete;
    Stage& operator=(Stage const&) = delete;

    bool finished() const { return finished_.load(); }
    /// Finished with an exception (which join() rethrows).
    bool failed() const { return finished() && error_ != nullptr; }
    void join();

private:
    std::exception_ptr error_;
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

/// Computes tiles from `next_tile` (empty: no more) until it runs dry or `stop` is set, keeping
/// evaluator.max_in_flight() tiles in flight, and pushes each computed tile to flow.filled. Runs on its own
/// thread (a Stage).
void compute_tiles(TileEvaluator& evaluator, TileFlow& flow, std::function<std::optional<Tile>()> const& next_tile,
                   std::atomic<bool> const& stop);

/// Field `field` of a tile's buffers in file order (the outputs, status, excluded_by, not_applicable), from slot
/// `offset` on.
void const* tile_field_data(TileBuffers const& buffers, std::vector<int> const& outputs, std::size_t field,
                            std::uint64_t offset);

/// Writes every tile of flow.filled into `file` (field f from output outputs[f], then status and, when the file has
/// them, the constraint masks excluded_by and not_applicable), marks it done,
/// returns its buffers to the pool and calls `written` with its tally, until flow.filled is closed and empty.
/// The chunks of a tile are encoded (shuffle, deflate) by `encoders`, then written one by one. Runs on its own
/// thread (a Stage), the only one that calls HDF5.
void write_tiles(ScanFile& file, ChunkedGrid const& grid, std::vector<int> const& outputs, TileFlow& flow,
                 LoopThreads& encoders, std::function<void(Tile const&, TileTally const&)> const& written);

}  // namespace darkscan
