// SPDX-License-Identifier: BSD-3-Clause
// A Google Benchmark reporter for benchmarks that end with a summary table:
// it forwards everything to the reporter --benchmark_format asks for, keeps
// each benchmark's counters (the median's when repetitions ran, replacing
// the single runs), and after the run calls print_summary() on stdout, or on
// stderr when the main output is machine-readable.
#pragma once

#include <benchmark/benchmark.h>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rtpsec::bench {

class MedianReporter : public benchmark::BenchmarkReporter {
  public:
    MedianReporter() : display_(benchmark::CreateDefaultDisplayReporter()) {}

    bool ReportContext(const Context& context) override { return display_->ReportContext(context); }

    void ReportRuns(const std::vector<Run>& runs) override {
        display_->ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred) continue;
            const bool aggregate = run.run_type == Run::RT_Aggregate;
            if (aggregate && run.aggregate_name != "median") continue;
            const std::string& name = run.run_name.function_name;
            if (!aggregate && medians_.count(name)) continue;
            if (aggregate) medians_[name] = true;
            if (!figures_.count(name)) order_.push_back(name);
            auto& figures = figures_[name];
            for (const auto& [counter, value] : run.counters)
                figures[counter] = value.value;
        }
    }

    void Finalize() override {
        display_->Finalize();
        const bool console = dynamic_cast<benchmark::ConsoleReporter*>(display_.get()) != nullptr;
        print_summary(console ? stdout : stderr);
    }

  protected:
    virtual void print_summary(std::FILE* out) = 0;

    // Benchmarks filtered out or skipped with an error are absent.
    bool ran(const std::string& benchmark) const { return figures_.count(benchmark) != 0; }
    // 0 when the benchmark or the counter is absent.
    double value(const std::string& benchmark, const std::string& counter) const {
        const auto found = figures_.find(benchmark);
        if (found == figures_.end()) return 0;
        const auto figure = found->second.find(counter);
        return figure == found->second.end() ? 0 : figure->second;
    }
    // The benchmarks that reported, in the order they ran.
    const std::vector<std::string>& ran_in_order() const { return order_; }

  private:
    std::unique_ptr<benchmark::BenchmarkReporter> display_;
    std::vector<std::string> order_;
    std::map<std::string, std::map<std::string, double>> figures_;
    std::map<std::string, bool> medians_;
};

}  // namespace rtpsec::bench
