#!/usr/bin/env bash
# Adds an EF Core migration NAME to both migration sets of RedStationDbContext:
#   SQLite      RedStation.Data/Migrations
#   PostgreSQL  RedStation.Data.PostgreSQL/Migrations
# A set whose snapshot already matches the model gets no (empty) migration, so after merging branches that
# added SQLite migrations only, the same command brings the PostgreSQL set up to date:
#   scripts/add-migration.sh NAME                 both sets
#   scripts/add-migration.sh NAME postgresql      only the PostgreSQL set (or: sqlite)
# No database server is needed: the PostgreSQL provider is configured with a placeholder connection string.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:-}
only=${2:-}
if [ -z "$name" ] || { [ -n "$only" ] && [ "$only" != sqlite ] && [ "$only" != postgresql ]; }; then
  echo "usage: scripts/add-migration.sh NAME [sqlite|postgresql]" >&2
  exit 2
fi

# Development: the design-time host must start, and outside Development it refuses to without RedStation:PublicBaseUrl.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT=Development
dotnet tool restore >/dev/null
dotnet build RedStation.Dashboard -c Release -warnaserror >/dev/null || { echo "build failed: run dotnet build RedStation.Dashboard -c Release -warnaserror" >&2; exit 1; }

# The command and its options first: what follows "--" in the caller's arguments goes to the app, so the tool's own
# options must come before it.
ef() {
  local command=$1 verb=$2; shift 2
  dotnet ef "$command" "$verb" --configuration Release --no-build --startup-project RedStation.Dashboard "$@"
}

add() {
  local label=$1 project=$2; shift 2
  local check
  # has-pending-model-changes fails (exit 1) when the model has changes no migration captures.
  if check=$(ef migrations has-pending-model-changes --project "$project" -- "$@" 2>&1); then
    echo "$label: no model changes, no migration added"
    return
  fi
  if ! grep -qi "changes have been made" <<<"$check"; then
    echo "$check" >&2
    echo "$label: could not compare the model with the migrations" >&2
    exit 1
  fi
  ef migrations add "$name" --project "$project" --output-dir Migrations -- "$@"
  echo "$label: added $name"
}

if [ "$only" != postgresql ]; then
  add SQLite RedStation.Data --Database:Provider=Sqlite
fi
if [ "$only" != sqlite ]; then
  add PostgreSQL RedStation.Data.PostgreSQL --Database:Provider=PostgreSQL --ConnectionStrings:RedStation=Host=localhost
fi
