# The documentation: `cmake --build build --target docs` runs doxygen (configuration: Doxyfile at the root; page
# filter: docs/doxygen_filter.sh, then docs/doxygen_postprocess.sh on the pages) and writes
# build/docs/html/index.html, whose formulas are typeset offline by Debian's MathJax 2 (libjs-mathjax), linked into
# the output as html/mathjax. Each run starts from an empty html/,
# so no page of a deleted file survives. Tests (label docs, in tests/docs):
#   docs          builds the site; fails on any doxygen warning (every public declaration of common/ documented,
#                 every reference resolved)
#   docs.images   every image a page shows exists (a figure the README embeds must be committed under figures/reference/)
#   docs.mathjax  headless Chromium checks that MathJax typeset the formulas of a chapter page and an API page
#   docs.chapter_pages  headless Chromium on every chapter page: formulas typeset against the README's LaTeX spans,
#                 tables rendered, no MathJax error, no raw table row (and .can_fail: it fails on planted defects)
#   docs.math_filter  the $...$ to \f$...\f$ filter on edge cases (code and shell dollars untouched)
# A test whose tool (doxygen, libjs-mathjax, chromium) is missing reports itself skipped, not passed.
find_program(AE_DOXYGEN doxygen)
set(AE_MATHJAX_DIR /usr/share/javascript/mathjax CACHE PATH "MathJax 2 (Debian package libjs-mathjax)")
set(AE_DOCS_DIR ${CMAKE_BINARY_DIR}/docs)

if(AE_DOXYGEN AND EXISTS ${AE_MATHJAX_DIR}/MathJax.js)
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${AE_DOCS_DIR}/html
    COMMAND ${CMAKE_COMMAND} -E make_directory ${AE_DOCS_DIR}/html
    COMMAND ${CMAKE_COMMAND} -E create_symlink ${AE_MATHJAX_DIR} ${AE_DOCS_DIR}/html/mathjax
    COMMAND ${CMAKE_COMMAND} -E env AE_DOCS_OUT=${AE_DOCS_DIR} ${AE_DOXYGEN} Doxyfile
    COMMAND sh docs/doxygen_postprocess.sh ${AE_DOCS_DIR}/html
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "doxygen: ${AE_DOCS_DIR}/html/index.html"
    VERBATIM)
  add_test(NAME docs COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target docs)
  # doxygen exits non-zero on warnings (WARN_AS_ERROR = FAIL_ON_WARNINGS); the expression is a second guard.
  set_tests_properties(docs PROPERTIES LABELS docs TIMEOUT 600 FAIL_REGULAR_EXPRESSION "(warning|error): "
    FIXTURES_SETUP ae_docs_pages)
else()
  if(AE_DOXYGEN)
    set(ae_docs_missing "libjs-mathjax is not installed (apt-get install libjs-mathjax), no ${AE_MATHJAX_DIR}")
  else()
    set(ae_docs_missing "doxygen is not installed (apt-get install doxygen)")
  endif()
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E echo "${ae_docs_missing}"
    COMMAND ${CMAKE_COMMAND} -E false
    VERBATIM)
  add_test(NAME docs COMMAND sh -c "echo 'SKIPPED: ${ae_docs_missing}'; exit 77")
  set_tests_properties(docs PROPERTIES LABELS docs SKIP_RETURN_CODE 77 FIXTURES_SETUP ae_docs_pages)
endif()
