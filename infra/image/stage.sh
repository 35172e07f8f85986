#!/usr/bin/env bash
# The image's build steps (infra/Dockerfile) as a script, for machines and CI without a Docker
# engine: lays out what the runtime stage holds in STAGE_DIR, which then runs with
#   cd STAGE_DIR && node server/dist/main.mjs
# Steps, as in the Dockerfile: compile the server to plain JavaScript (server/dist), build the
# browser lab (client/dist; SKIP_CLIENT=1 skips it), copy the runtime files, and install the
# server's runtime packages only. LINK_DEPS=1 links those packages from this checkout's
# node_modules instead of `npm ci --omit=dev` (no registry needed): only they are reachable, so
# a bundle needing anything else (tsx, the client's packages) fails to start.
set -euo pipefail
STAGE_DIR=${1:?usage: infra/image/stage.sh STAGE_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

npm run build -w @twinlab/server --silent
[ "${SKIP_CLIENT:-}" = 1 ] || npm run build -w @twinlab/client --silent

rm -rf "$STAGE_DIR"
mkdir -p "$STAGE_DIR/server" "$STAGE_DIR/shared" "$STAGE_DIR/client"
cp package.json package-lock.json "$STAGE_DIR/"
cp server/package.json "$STAGE_DIR/server/"
cp -r server/dist "$STAGE_DIR/server/dist"
cp shared/package.json "$STAGE_DIR/shared/"
cp -r scenarios "$STAGE_DIR/scenarios"
[ -d client/dist ] && [ "${SKIP_CLIENT:-}" != 1 ] && cp -r client/dist "$STAGE_DIR/client/dist"

if [ "${LINK_DEPS:-}" = 1 ]; then
  mkdir -p "$STAGE_DIR/node_modules"
  # The runtime dependencies of server/ and shared/ (the bundle's only bare imports).
  for dep in $(node -e '
    const s = require("./server/package.json"), sh = require("./shared/package.json");
    console.log([...new Set([...Object.keys(s.dependencies), ...Object.keys(sh.dependencies)])].filter((d) => !d.startsWith("@twinlab/")).join(" "))'); do
    mkdir -p "$STAGE_DIR/node_modules/$(dirname "$dep")"
    ln -s "$ROOT/node_modules/$dep" "$STAGE_DIR/node_modules/$dep"
  done
else
  (cd "$STAGE_DIR" && npm ci --omit=dev --workspace @twinlab/server --include-workspace-root=false --ignore-scripts=false)
fi
echo "staged in $STAGE_DIR: cd $STAGE_DIR && node server/dist/main.mjs"
