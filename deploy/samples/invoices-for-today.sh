#!/usr/bin/env bash
# Prints the sample book, deploy/samples/invoices.csv, dated for today (or for the day given as
# YYYY-MM-DD): every date moves by the days between 23 November 2026, the day the sample was
# written for, and that day, so the book is exactly as late today as it was then. A date that does
# not exist (the sample's deliberate mistake) is kept as it is. deploy/quickstart.sh writes
# .relance/invoices.csv with it; the README's tour imports that file.
#
#   deploy/samples/invoices-for-today.sh [YYYY-MM-DD] > invoices.csv
set -euo pipefail

readonly SAMPLE_DAY=2026-11-23
today="${1:-$(date +%F)}"
sample="$(dirname "${BASH_SOURCE[0]}")/invoices.csv"

# Days from the sample's day to today, counted at noon UTC so that no daylight saving change
# shortens a day.
shift_days=$((($(date -u -d "$today 12:00" +%s) - $(date -u -d "$SAMPLE_DAY 12:00" +%s)) / 86400))

# The sample's dates are the columns issue_date and due_date (3 and 4); its other fields hold
# no comma of their own.
moved() {
  local day="$1"
  if [[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] &&
    moved_day="$(date -u -d "$day 12:00 UTC $(printf "%+d" "$shift_days") days" +%F 2>/dev/null)"; then
    printf '%s' "$moved_day"
  else
    printf '%s' "$day"
  fi
}

{
  IFS= read -r header
  printf '%s\n' "$header"
  while IFS=, read -r number client issue due rest; do
    printf '%s,%s,%s,%s,%s\n' "$number" "$client" "$(moved "$issue")" "$(moved "$due")" "$rest"
  done
} <"$sample"
