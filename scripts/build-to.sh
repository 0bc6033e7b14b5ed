#!/usr/bin/env bash
# Builds into another folder than dist/ (e.g. dist-tools), so parallel work can test its own build:
#   bash scripts/build-to.sh dist-tools && GATEWAY_DIST=dist-tools npx vitest run --project e2e-sqlite test/e2e/tools.e2e-spec.ts
set -u
out="${1:?usage: scripts/build-to.sh <dir>}"
npx tsc -p tsconfig.build.json --outDir "$out" --tsBuildInfoFile "$out/.tsbuildinfo"
status=$?
npx tsc-alias -p tsconfig.build.json --outDir "$out"
exit $status
