#!/usr/bin/env bash
# Fetches Apache ECharts from the npm registry at a pinned version, checks the tarball's SHA-256 and
# keeps only dist/echarts.min.js (about 1 MB) as a static file of the dashboards. Not committed
# (.gitignore); `make setup` runs this once. Without it the dashboard shows its figures as tables.
set -euo pipefail
VERSION=5.6.0
SHA256=e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610
REGISTRY=${NPM_REGISTRY:-https://registry.npmjs.org}
TARGET=shuyuan/dashboards/static/dashboards/echarts.min.js
STAMP=$TARGET.version
[ -f "$TARGET" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/echarts.tgz" "$REGISTRY/echarts/-/echarts-$VERSION.tgz"
echo "$SHA256  $work/echarts.tgz" | sha256sum -c --quiet -
tar -xzf "$work/echarts.tgz" -C "$work" package/dist/echarts.min.js package/LICENSE
install -m 0644 "$work/package/dist/echarts.min.js" "$TARGET"
install -m 0644 "$work/package/LICENSE" "${TARGET%.js}.LICENSE.txt"
echo "$VERSION" > "$STAMP"
echo "ECharts $VERSION installed in $TARGET"
