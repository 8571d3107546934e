# The chapter's claims as CTest tests.
#   ae_claim_run(RUN program args...)        runs `program args... --metrics <file>` once (a CTest fixture)
#   ae_claim(RUN "metric<=value | words" ...) one test per claim, each failing if the run's metric breaks it
#   ae_claim_full_data(RUN "..." ...)        the same for a claim that needs the full datasets: on a checkout
#                                            that only has the committed sample (no ./setup.sh), it reports
#                                            itself skipped with that reason instead of failing
# Operators: < <= > >= ==. A claim may compare two metrics: "a<b". The words after " | " say, in a few words, what
# the book claims; the tour's summary (tour_summary) prints them beside our value. Every claim is also listed in
# build/claims/manifest.tsv (run, program, claim, words, needs full data), which tour_summary reads.
set(AE_CLAIMS_DIR ${CMAKE_BINARY_DIR}/claims)
set(AE_CLAIMS_MANIFEST ${AE_CLAIMS_DIR}/manifest.tsv)
file(MAKE_DIRECTORY ${AE_CLAIMS_DIR})
file(WRITE ${AE_CLAIMS_MANIFEST} "")

function(ae_claim_run run program)
  add_test(NAME run.${run}
    COMMAND ${program} ${ARGN} --metrics ${AE_CLAIMS_DIR}/${run}.metrics --out ${AE_CLAIMS_DIR}/${run}_figures
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(run.${run} PROPERTIES FIXTURES_SETUP ${run} LABELS "claims" TIMEOUT 600)
  set_property(GLOBAL PROPERTY AE_CLAIM_PROGRAM_${run} ${program})
endfunction()

function(ae_claim_impl run needs_full)
  get_property(program GLOBAL PROPERTY AE_CLAIM_PROGRAM_${run})
  if(NOT program)
    message(FATAL_ERROR "ae_claim(${run} ...): no ae_claim_run(${run} ...) before it")
  endif()
  foreach(claim ${ARGN})
    if(NOT claim MATCHES "^([^ |]+) \\| (.+)$")
      message(FATAL_ERROR "claim '${claim}' of ${run}: write it as \"metric<=value | what the book claims\"")
    endif()
    set(expr "${CMAKE_MATCH_1}")
    set(words "${CMAKE_MATCH_2}")
    string(REGEX REPLACE "[^A-Za-z0-9_.]+" "_" tag "${expr}")
    set(flags "")
    if(needs_full)
      set(flags --needs-full-data)
    endif()
    add_test(NAME claim.${run}.${tag} COMMAND claim_check ${flags} ${AE_CLAIMS_DIR}/${run}.metrics "${expr}")
    set_tests_properties(claim.${run}.${tag} PROPERTIES FIXTURES_REQUIRED ${run} LABELS "claims"
      SKIP_RETURN_CODE 77)
    file(APPEND ${AE_CLAIMS_MANIFEST} "${run}\t${program}\t${expr}\t${words}\t${needs_full}\n")
  endforeach()
endfunction()

function(ae_claim run)
  ae_claim_impl(${run} 0 ${ARGN})
endfunction()

function(ae_claim_full_data run)
  ae_claim_impl(${run} 1 ${ARGN})
endfunction()
