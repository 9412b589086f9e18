// relance: the back-office command line client of relanced.

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "client-cli/interruption.h"
#include "client-cli/money.h"
#include "client-cli/relance_cli.h"

namespace {

// Turns SIGINT and SIGTERM into Interruption::Request() on a thread of its
// own, where a command may run any code (a signal handler may not). A
// command that does not listen for them ends the way the signal would have
// ended it. Must run before any other thread starts, so that every thread
// inherits the blocked signals and none of them is killed by one.
void DeliverStopSignals(relance::cli::Interruption& interruption) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals, &interruption] {
    int signal_number = 0;
    while (sigwait(&signals, &signal_number) == 0) {
      if (interruption.Request()) continue;
      sigset_t this_one;
      sigemptyset(&this_one);
      sigaddset(&this_one, signal_number);
      signal(signal_number, SIG_DFL);
      pthread_sigmask(SIG_UNBLOCK, &this_one, nullptr);
      raise(signal_number);
    }
  }).detach();
}

}  // namespace

int main(int argc, char** argv) {
  // Lives as long as the process: the detached signal thread uses it.
  static relance::cli::Interruption interruption;
  DeliverStopSignals(interruption);

  // Amounts are shown the way the user's locale writes money.
  std::setlocale(LC_ALL, "");
  relance::NumberPunctuation punctuation =
      relance::cli::PunctuationFromLocale();
  // Everything else (parsing "0.5" for --timeout, say) must not depend on the
  // locale.
  std::setlocale(LC_NUMERIC, "C");

  const relance::cli::ProcessIo io{
      .out = std::cout,
      .err = std::cerr,
      .punctuation = std::move(punctuation),
      .err_is_terminal = isatty(STDERR_FILENO) == 1,
      .interruption = &interruption,
      .default_config_path = relance::cli::DefaultConfigPath(std::getenv)};
  return relance::cli::RunRelance(argc, argv, io);
}
