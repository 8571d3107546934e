// Subnormals flushed to zero (fp_mode.hpp): the control registers that say so, per instruction set.
#include "util/fp_mode.hpp"

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace ae {

namespace {

#if defined(__x86_64__)
constexpr unsigned long kFlushBits = 0x8000 | 0x0040;  // MXCSR: FTZ (results), DAZ (inputs)
#elif defined(__aarch64__)
constexpr unsigned long kFlushBits = 1ul << 24;  // FPCR.FZ: results and inputs
#else
constexpr unsigned long kFlushBits = 0;
#endif

}  // namespace

unsigned long fp_control() {
#if defined(__x86_64__)
  return _mm_getcsr();
#elif defined(__aarch64__)
  unsigned long fpcr;
  asm volatile("mrs %0, fpcr" : "=r"(fpcr));
  return fpcr;
#else
  return 0;
#endif
}

void set_fp_control(unsigned long control) {
#if defined(__x86_64__)
  _mm_setcsr(static_cast<unsigned>(control));
#elif defined(__aarch64__)
  asm volatile("msr fpcr, %0" : : "r"(control));
#else
  (void)control;
#endif
}

bool flushing_subnormals() { return kFlushBits != 0 && (fp_control() & kFlushBits) == kFlushBits; }

FlushSubnormals::FlushSubnormals() : saved_(fp_control()) {
  if (kFlushBits != 0) set_fp_control(saved_ | kFlushBits);
}

FlushSubnormals::~FlushSubnormals() {
  if (kFlushBits != 0) set_fp_control(saved_);
}

}  // namespace ae
