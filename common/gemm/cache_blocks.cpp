// Cache blocks from the caches the CPU reports. Each row of block_sizes.hpp was measured on one machine, whose
// caches it records (BlockSizes::tuned_on); on another CPU the blocks keep the same share of each cache:
//   KC  (the KC x NR micro-panel of B~ that stays in L1)  scales with L1d,
//   MC  (the MC x KC block of A~ that stays in L2)        scales with L2 / (KC's scale), so MC x KC follows L2,
//   NC  (the KC x NC panel of B~ kept in L3)              scales with L3 / (KC's scale).
// The sizes are read once, from Linux's sysfs (cpu0's caches: L1d and L2 per core, L3 shared); where the system
// says nothing (another OS, a container hiding sysfs, an aarch64 board without cache nodes) the table's blocks stand.
#include <cstdio>
#include <fstream>
#include <string>

#include "gemm/kernel.hpp"

namespace ae::gemm_detail {

namespace {

// "32K", "1024K", "32M" (sysfs's cache size format) in bytes; 0 if unreadable.
long parse_size(const std::string& text) {
  long value = 0;
  char unit = 0;
  if (std::sscanf(text.c_str(), "%ld%c", &value, &unit) < 1 || value <= 0) return 0;
  if (unit == 'K') return value << 10;
  if (unit == 'M') return value << 20;
  if (unit == 'G') return value << 30;
  return value;
}

std::string read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

int round_down(long x, int multiple) { return static_cast<int>(x / multiple * multiple); }

long clamp(long x, long lo, long hi) { return x < lo ? lo : x > hi ? hi : x; }

}  // namespace

CacheSizes read_cache_sizes() {
  CacheSizes c;
  for (int i = 0; i < 8; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    const std::string level = read_line(dir + "level"), type = read_line(dir + "type");
    if (level.empty()) break;
    const long bytes = parse_size(read_line(dir + "size"));
    if (level == "1" && type == "Data") c.l1d = bytes;
    if (level == "2" && (type == "Unified" || type == "Data")) c.l2 = bytes;
    if (level == "3" && (type == "Unified" || type == "Data")) c.l3 = bytes;
  }
  return c;
}

const CacheSizes& cpu_cache_sizes() {
  static const CacheSizes sizes = read_cache_sizes();
  return sizes;
}

BlockSizes blocks_for_caches(const BlockSizes& table, const CacheSizes& tuned_on, const CacheSizes& cpu) {
  BlockSizes b = table;
  if (cpu.l1d <= 0 || tuned_on.l1d <= 0) return b;  // nothing known: the measured table
  // KC: the micro-panel of B~ keeps its share of L1d (multiples of 16, between 64 and 1024).
  const double kc_scale = static_cast<double>(cpu.l1d) / static_cast<double>(tuned_on.l1d);
  b.KC = round_down(clamp(static_cast<long>(table.KC * kc_scale), 64, 1024), 16);
  const double kc_ratio = static_cast<double>(b.KC) / table.KC;
  // MC: A~ (MC x KC) keeps its share of L2 (multiples of MR, between 2 MR and 4096).
  if (cpu.l2 > 0 && tuned_on.l2 > 0) {
    const double mc = table.MC * (static_cast<double>(cpu.l2) / static_cast<double>(tuned_on.l2)) / kc_ratio;
    b.MC = round_down(clamp(static_cast<long>(mc), 2L * table.MR, 4096), table.MR);
  }
  // NC: B~ (KC x NC) keeps its share of L3 (multiples of NR, between 16 NR and 16384).
  if (cpu.l3 > 0 && tuned_on.l3 > 0) {
    const double nc = table.NC * (static_cast<double>(cpu.l3) / static_cast<double>(tuned_on.l3)) / kc_ratio;
    b.NC = round_down(clamp(static_cast<long>(nc), 16L * table.NR, 16384), table.NR);
  }
  return b;
}

}  // namespace ae::gemm_detail
