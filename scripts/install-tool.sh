#!/usr/bin/env bash
# Packs `profileunifier` as a .NET tool from this checkout and installs it for the current user, so the README's
# `profileunifier ...` commands work as written. Re-running it upgrades the installed copy.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet pack src/ProfileUnifier/ProfileUnifier.csproj -c Release -o artifacts
dotnet tool update --global --add-source artifacts ProfileUnifier
case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "add ~/.dotnet/tools to PATH (e.g. export PATH=\"\$PATH:\$HOME/.dotnet/tools\") to run profileunifier" ;;
esac
