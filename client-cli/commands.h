#ifndef RELANCE_CLIENT_CLI_COMMANDS_H_
#define RELANCE_CLIENT_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "client-cli/command_env.h"

// Each command group adds its subcommands to the application. A subcommand that
// the command line selects stores in `action` what it will do once parsing is
// over.
namespace relance::cli {

// relance client create | get | list | update | block | unblock
void AddClientCommands(CLI::App& app, CommandAction& action);

// relance invoice create | get | list | update | cancel
void AddInvoiceCommands(CLI::App& app, CommandAction& action);

// relance invoice import (added to the group `invoice`)
void AddInvoiceImportCommand(CLI::App& invoice, CommandAction& action);

// relance invoice penalties (added to the group `invoice`)
void AddInvoicePenaltiesCommand(CLI::App& invoice, CommandAction& action);

// relance rate list | set
void AddRateCommands(CLI::App& app, CommandAction& action);

// relance payment record, relance credit-note create
void AddSettlementCommands(CLI::App& app, CommandAction& action);

// relance policy create | update | get | list | set-default | assign
void AddPolicyCommands(CLI::App& app, CommandAction& action);

// relance dunning preview | run
void AddDunningCommands(CLI::App& app, CommandAction& action);

// relance reminder list | get | done | skip | send-now
void AddReminderCommands(CLI::App& app, CommandAction& action);

// relance template list | get | set | render
void AddTemplateCommands(CLI::App& app, CommandAction& action);

// relance letters print
void AddLetterCommands(CLI::App& app, CommandAction& action);

// relance timeline
void AddTimelineCommands(CLI::App& app, CommandAction& action);

// relance note add
void AddNoteCommands(CLI::App& app, CommandAction& action);

// relance call log
void AddCallCommands(CLI::App& app, CommandAction& action);

// relance dispute open | comment | resolve | get | list
void AddDisputeCommands(CLI::App& app, CommandAction& action);

// relance promise add | get | list
void AddPromiseCommands(CLI::App& app, CommandAction& action);

// relance plan create | cancel | get | list
void AddPlanCommands(CLI::App& app, CommandAction& action);

// relance watch
void AddWatchCommand(CLI::App& app, CommandAction& action);

// relance user create | list | disable
void AddUserCommands(CLI::App& app, CommandAction& action);

// relance token create | list | revoke
void AddTokenCommands(CLI::App& app, CommandAction& action);

// relance whoami
void AddWhoAmICommand(CLI::App& app, CommandAction& action);
// relance admin backup
void AddAdminCommands(CLI::App& app, CommandAction& action);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_COMMANDS_H_
