// relance: the back-office command line client of relanced.

#include <unistd.h>

#include <clocale>
#include <iostream>

#include "client-cli/money.h"
#include "client-cli/relance_cli.h"

int main(int argc, char** argv) {
  // Amounts are shown the way the user's locale writes money.
  std::setlocale(LC_ALL, "");
  relance::NumberPunctuation punctuation =
      relance::cli::PunctuationFromLocale();
  // Everything else (parsing "0.5" for --timeout, say) must not depend on the
  // locale.
  std::setlocale(LC_NUMERIC, "C");

  const relance::cli::ProcessIo io{std::cout, std::cerr, std::move(punctuation),
                                   isatty(STDERR_FILENO) == 1};
  return relance::cli::RunRelance(argc, argv, io);
}
