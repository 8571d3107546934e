# The chapter's claims as CTest tests.
#   ae_claim_run(RUN program args...)     runs `program args... --quick --metrics <file>` once (a CTest fixture)
#   ae_claim(RUN "metric<=value" ...)     one test per claim, each failing if the run's metric breaks it
# Operators: < <= > >= ==. A claim may compare two metrics: "a<b".
set(AE_CLAIMS_DIR ${CMAKE_BINARY_DIR}/claims)
file(MAKE_DIRECTORY ${AE_CLAIMS_DIR})

function(ae_claim_run run program)
  add_test(NAME run.${run}
    COMMAND ${program} ${ARGN} --metrics ${AE_CLAIMS_DIR}/${run}.metrics --out ${AE_CLAIMS_DIR}/${run}_figures
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(run.${run} PROPERTIES FIXTURES_SETUP ${run} LABELS "claims" TIMEOUT 600)
endfunction()

function(ae_claim run)
  foreach(claim ${ARGN})
    string(REGEX REPLACE "[^A-Za-z0-9_.]+" "_" tag "${claim}")
    add_test(NAME claim.${run}.${tag} COMMAND claim_check ${AE_CLAIMS_DIR}/${run}.metrics "${claim}")
    set_tests_properties(claim.${run}.${tag} PROPERTIES FIXTURES_REQUIRED ${run} LABELS "claims")
  endforeach()
endfunction()
