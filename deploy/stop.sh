#!/usr/bin/env bash
# Stops the server that deploy/quickstart.sh started, and its development mailbox. Its database
# (.relance/relance.db) and the messages (.relance/mailbox) stay.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/quickstart.sh
source "$RELANCE_ROOT/deploy/lib/quickstart.sh"

stop_quickstart_mailbox && log "development mailbox stopped; messages kept in $RELANCE_MAILBOX_DIR"
if stop_quickstart_server; then
  log "relanced stopped; data kept in $RELANCE_STATE_DIR/relance.db"
else
  log "relanced is not running"
fi
