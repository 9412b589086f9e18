#ifndef RELANCE_CLIENT_CLI_PAGING_H_
#define RELANCE_CLIENT_CLI_PAGING_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "client-cli/command_env.h"

namespace relance::cli {

// Calls `list(context, request, page)` for one page, or for every page when
// `all`, and gathers the pages into `combined` (repeated fields concatenate),
// so that --all prints one response. `combined.next_page_token` is the token
// after the last page fetched.
template <typename Request, typename Response, typename List>
grpc::Status ListPages(CommandEnv& env, Request request, bool all,
                       Response& combined, List list) {
  for (;;) {
    Response page;
    grpc::Status status =
        env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
          return list(context, request, &page);
        });
    if (!status.ok()) return status;
    std::string next_page_token = page.next_page_token();
    combined.MergeFrom(page);
    combined.set_next_page_token(next_page_token);
    if (!all || next_page_token.empty()) return grpc::Status::OK;
    request.set_page_token(std::move(next_page_token));
  }
}

// Adds the paging options every list command takes: --page-size (bound to
// `page_size`), --page-token (bound to the request) and --all. `rows` names
// what is listed, for the help text.
template <typename Request>
void AddPagingOptions(CLI::App& command, const std::string& rows,
                      Request& request, std::int32_t& page_size, bool& all) {
  command
      .add_option("--page-size", page_size,
                  rows + " per page (at most 1000; default 100)")
      ->check(CLI::Range(1, 1000));
  command.add_option("--page-token", *request.mutable_page_token(),
                     "Continue a previous listing");
  command.add_flag("--all", all, "Fetch every page");
}

// Tells the reader on stderr that the list goes on; JSON carries the token
// itself.
void NoteMorePages(CommandEnv& env, const std::string& next_page_token);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_PAGING_H_
