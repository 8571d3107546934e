/// \file
/// \brief Subnormal floats flushed to zero while training. A float below \f$2^{-126} \approx 1.2 \times 10^{-38}\f$
/// in magnitude is subnormal, and on x86-64 an operation that reads or produces one can take a hundred times as
/// long as one that does not (a microcode assist). Training makes them: Adam's first moment of a weight whose
/// gradient has become exactly zero (a unit that a ReLU has switched off) shrinks by \f$\beta_1 = 0.9\f$ per step
/// and is subnormal some 800 steps later, so the 14.4 VAE's epochs grew from 1.8 s to 3.2 s on an Intel Xeon.
/// With flushing, such a value is zero: a change below \f$10^{-38}\f$ in a number, where training's own rounding
/// is \f$10^{-7}\f$ of it. ae::train holds a FlushSubnormals, as do the chapters' own training loops; the GEMM's
/// thread pool runs each task in the mode of the thread that called it, so the threads of one product agree.
#pragma once

namespace ae {

/// This thread's floating-point control word (x86-64: MXCSR; aarch64: FPCR; elsewhere 0).
unsigned long fp_control();
/// Sets this thread's floating-point control word to one read by fp_control() (on any thread).
void set_fp_control(unsigned long control);
/// True if this thread flushes subnormal results to zero (and, on x86-64, reads subnormal inputs as zero).
bool flushing_subnormals();

/// \brief While one exists, this thread flushes subnormal floats to zero (x86-64: MXCSR's FTZ and DAZ bits;
/// aarch64: FPCR's FZ bit); its destructor restores the mode it found. Elsewhere it does nothing.
class FlushSubnormals {
 public:
  FlushSubnormals();
  ~FlushSubnormals();
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

 private:
  unsigned long saved_;
};

}  // namespace ae
