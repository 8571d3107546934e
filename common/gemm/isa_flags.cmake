# Per-file instruction sets for the GEMM micro-kernels (included from common/CMakeLists.txt).
# Only the micro-kernel files get SIMD flags; everything else is built for the baseline of the target, so one
# binary runs on any x86-64 and picks its kernel at run time (dispatch.cpp). No -march=native here.
set(AE_GEMM_DIR ${CMAKE_CURRENT_SOURCE_DIR}/gemm)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|i[3-6]86|x86)$")
  set_source_files_properties(${AE_GEMM_DIR}/ukernel_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
  set_source_files_properties(${AE_GEMM_DIR}/ukernel_avx512.cpp PROPERTIES COMPILE_OPTIONS "-mavx512f;-mfma")
endif()
# ukernel_neon.cpp needs no flag: NEON is part of the aarch64 baseline, and the file is empty elsewhere.
# ukernel_scalar.cpp is plain C++ on purpose.
