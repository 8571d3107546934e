#include "util/errors.hpp"

#include <iostream>
#include <new>

namespace ae {

int run_program(const std::string& name, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << name << ": " << e.what() << "\n(run " << name << " --help for usage)\n";
    return 2;
  } catch (const Interrupted& e) {
    std::cerr << name << ": interrupted: " << e.what() << "\n";
    return 130;
  } catch (const std::bad_alloc&) {
    std::cerr << name << ": error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ae
