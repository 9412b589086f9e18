#include "client-cli/paging.h"

#include <string>

namespace relance::cli {

void NoteMorePages(CommandEnv& env, const std::string& next_page_token) {
  if (next_page_token.empty() || env.output().format() == OutputFormat::kJson) {
    return;
  }
  env.err() << "relance: more results follow: add --all, or --page-token "
            << next_page_token << '\n';
}

}  // namespace relance::cli
