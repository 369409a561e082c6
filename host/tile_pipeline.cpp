// SPDX-License-Identifier: MIT
// Tile pipeline (see tile_pipeline.hpp): dispenser, tallies, compute and write stages.
#include "tile_pipeline.hpp"

#include <algorithm>

#include "darkscan/status.hpp"

namespace darkscan {

std::vector<TileRange> tile_runs(std::vector<std::uint8_t> const& flags, std::uint8_t value)
{
    std::vector<TileRange> runs;
    for (std::uint64_t t = 0; t < flags.size(); ++t) {
        if (flags[t] != value) {
            continue;
        }
        if (!runs.empty() && runs.back().first + runs.back().count == t) {
            ++runs.back().count;
        } else {
            runs.push_back({t, 1});
        }
    }
    return runs;
}

TileDispenser::TileDispenser(std::vector<std::uint8_t> const& tile_done, int takers)
    : runs_not_done_(tile_runs(tile_done, 0)), takers_(static_cast<std::uint64_t>(std::max(takers, 1)))
{
    for (TileRange const& run : runs_not_done_) {
        left_ += run.count;
    }
}

std::optional<TileRange> TileDispenser::next()
{
    std::lock_guard lock(mutex_);
    if (stopped_ || left_ == 0) {
        return std::nullopt;
    }
    TileRange const& run = runs_not_done_[current_run_];
    std::uint64_t const guided = std::max<std::uint64_t>(1, left_ / (2 * takers_));
    TileRange const handed{run.first + taken_in_run_, std::min(guided, run.count - taken_in_run_)};
    taken_in_run_ += handed.count;
    left_ -= handed.count;
    if (taken_in_run_ == run.count) {
        ++current_run_;
        taken_in_run_ = 0;
    }
    return handed;
}

void TileDispenser::stop()
{
    std::lock_guard lock(mutex_);
    stopped_ = true;
}

LoopThreads::LoopThreads(int threads)
{
    for (int thread = 1; thread < threads; ++thread) {
        helpers_.emplace_back([this, thread] { work(thread); });
    }
}

LoopThreads::~LoopThreads()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        changed_.notify_all();
    }
    for (auto& helper : helpers_) {
        helper.join();
    }
}

void LoopThreads::run(std::size_t n, std::function<void(std::size_t, int)> const& body)
{
    {
        std::lock_guard lock(mutex_);
        body_ = &body;
        count_ = n;
        next_.store(0);
        busy_ = size();
        error_ = nullptr;
        ++generation_;
        changed_.notify_all();
    }
    work(0);
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return busy_ == 0; });
    body_ = nullptr;
    if (error_) {
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
}

void LoopThreads::work(int thread)
{
    std::uint64_t seen = 0;
    while (true) {
        if (thread != 0) {  // helpers wait for a loop; the caller of run() joins the current one
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return quit_ || generation_ != seen; });
            if (quit_) {
                return;
            }
            seen = generation_;
        }
        for (std::size_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1)) {
            try {
                (*body_)(i, thread);
            } catch (...) {
                std::lock_guard lock(mutex_);
                if (!error_) {
                    error_ = std::current_exception();
                }
                next_.store(count_);  // the rest is skipped
            }
        }
        std::lock_guard lock(mutex_);
        if (--busy_ == 0) {
            changed_.notify_all();
        }
        if (thread == 0) {
            return;
        }
    }
}

void TileTally::add(TileTally const& other)
{
    tiles += other.tiles;
    points += other.points;
    for (std::size_t k = 0; k < flag_counts.size(); ++k) {
        flag_counts[k] += other.flag_counts[k];
    }
}

std::array<std::uint64_t, 34> TileTally::to_array() const
{
    std::array<std::uint64_t, 34> values{};
    values[0] = tiles;
    values[1] = points;
    std::copy(flag_counts.begin(), flag_counts.end(), values.begin() + 2);
    return values;
}

TileTally TileTally::from_array(std::uint64_t const* values)
{
    TileTally tally;
    tally.tiles = values[0];
    tally.points = values[1];
    std::copy(values + 2, values + 34, tally.flag_counts.begin());
    return tally;
}

TileTally tally_tile(ChunkedGrid const& grid, Tile const& tile, TileBuffers const& buffers)
{
    TileTally tally;
    tally.tiles = 1;
    for (std::uint64_t c = 0; c < tile.chunk_count; ++c) {
        std::uint64_t const points = product(grid.chunk_extent(tile.first_chunk + c));
        std::uint64_t const offset = c * grid.chunk_capacity();
        for (std::uint64_t i = 0; i < points; ++i) {
            for (status::Flags flags = buffers.status[offset + i]; flags != 0; flags &= flags - 1) {
                ++tally.flag_counts[__builtin_ctz(flags)];
            }
        }
        tally.points += points;
    }
    return tally;
}

TileFlow::TileFlow(std::size_t buffers, std::uint64_t slots, std::vector<int> const& stored)
    : pool(buffers), filled(buffers)
{
    for (std::size_t i = 0; i < buffers; ++i) {
        pool.push(std::make_unique<TileBuffers>(slots, stored));
    }
}

void TileFlow::close()
{
    pool.close();
    filled.close();
}

Stage::Stage(std::function<void()> work, Wakeup& wakeup)
    : thread_([this, work = std::move(work), &wakeup] {
          try {
              work();
          } catch (...) {
              error_ = std::current_exception();
          }
          finished_.store(true);
          wakeup.notify();
      })
{
}

Stage::~Stage()
{
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Stage::join()
{
    if (thread_.joinable()) {
        thread_.join();
    }
    if (error_) {
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
}

void compute_tiles(TileEvaluator& evaluator, TileFlow& flow, std::function<std::optional<Tile>()> const& next_tile,
                   std::atomic<bool> const& stop)
{
    std::deque<FilledTile> in_flight;
    auto const hand_over_earliest = [&] {
        evaluator.wait_earliest();
        bool const accepted = flow.filled.push(std::move(in_flight.front()));
        in_flight.pop_front();
        return accepted;
    };
    // Tiles not handed over: the device may still copy into their buffers, so wait for it before freeing them.
    auto const discard_in_flight = [&]() noexcept {
        for (; !in_flight.empty(); in_flight.pop_front()) {
            try {
                evaluator.wait_earliest();
            } catch (std::exception const&) {
            }
        }
    };
    try {
        bool accepted = true;
        while (accepted && !stop.load()) {
            std::optional<Tile> const tile = next_tile();
            std::optional<std::unique_ptr<TileBuffers>> buffers = tile ? flow.pool.pop() : std::nullopt;
            if (!buffers) {
                break;  // no more tiles, or the flow was closed (a write failed)
            }
            evaluator.start(*tile, **buffers);
            in_flight.push_back({*tile, std::move(*buffers)});
            if (in_flight.size() == static_cast<std::size_t>(evaluator.max_in_flight())) {
                accepted = hand_over_earliest();
            }
        }
        while (accepted && !in_flight.empty()) {
            accepted = hand_over_earliest();
        }
    } catch (std::exception const&) {
        discard_in_flight();
        throw;
    }
    discard_in_flight();
}

void const* tile_field_data(TileBuffers const& buffers, std::vector<int> const& outputs, std::size_t field,
                            std::uint64_t offset)
{
    if (field < outputs.size()) {
        return buffers.outputs[outputs[field]].data() + offset;
    }
    switch (field - outputs.size()) {
    case 0:
        return buffers.status.data() + offset;
    case 1:
        return buffers.excluded_by.data() + offset;
    default:
        return buffers.not_applicable.data() + offset;
    }
}

void write_tiles(ScanFile& file, ChunkedGrid const& grid, std::vector<int> const& outputs, TileFlow& flow,
                 LoopThreads& encoders, std::function<void(Tile const&, TileTally const&)> const& written)
{
    // The outputs, status, and the constraint masks when the file has them.
    std::size_t const fields = file.layout().fields.size();
    std::vector<ChunkScratch> scratch(static_cast<std::size_t>(encoders.size()));
    std::vector<std::vector<unsigned char>> encoded;
    auto const chunk_box = [&](std::uint64_t chunk, Shape& start, Shape& count) {
        Index5 const origin = grid.chunk_origin(chunk);
        Index5 const box = grid.chunk_extent(chunk);
        for (int axis = 0; axis < axis_count; ++axis) {
            start[axis] = origin[axis];
            count[axis] = box[axis];
        }
    };
    try {
        while (std::optional<FilledTile> item = flow.filled.pop()) {
            TileBuffers const& buffers = *item->buffers;
            std::size_t const jobs = item->tile.chunk_count * fields;
            encoded.resize(std::max(encoded.size(), jobs));
            // Job j: field j % fields of the tile's chunk j / fields.
            encoders.run(jobs, [&](std::size_t job, int thread) {
                std::size_t const f = job % fields;
                std::uint64_t const c = job / fields;
                Shape start{};
                Shape count{};
                chunk_box(item->tile.first_chunk + c, start, count);
                std::uint64_t const offset = c * grid.chunk_capacity();
                void const* data = tile_field_data(buffers, outputs, f, offset);
                file.encode_chunk(f, count, data, scratch[static_cast<std::size_t>(thread)], encoded[job]);
            });
            for (std::size_t job = 0; job < jobs; ++job) {
                Shape start{};
                Shape count{};
                chunk_box(item->tile.first_chunk + job / fields, start, count);
                file.write_chunk(job % fields, start, encoded[job]);
            }
            file.mark_tile_done(item->tile.index);
            TileTally const tally = tally_tile(grid, item->tile, buffers);
            flow.pool.push(std::move(item->buffers));
            written(item->tile, tally);
        }
    } catch (...) {
        flow.close();  // stops the compute stage
        throw;
    }
}

}  // namespace darkscan
