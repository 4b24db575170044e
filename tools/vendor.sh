#!/usr/bin/env bash
# Refresh the JavaScript that the home page's map and chart run on, served from archive/static/vendor/ so that
# the archive works with no network (nothing is loaded from a CDN). Leaflet is BSD-2-Clause, Vega, Vega-Lite and
# vega-embed are BSD-3-Clause; each licence is kept beside its file.
set -euo pipefail
OUT="$(cd "$(dirname "$0")/.." && pwd)/archive/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir -p "$OUT/images"
fetch() {  # package@version, then paths inside the package to copy
    local spec="$1" name="${1%@*}"; shift
    tar xzf "$(npm pack --silent "$spec")"
    cp package/LICENSE "$OUT/$name.LICENSE"
    for file in "$@"; do cp "package/$file" "$OUT/$(sed -E 's#^(dist|build)/##' <<<"$file")"; done
    rm -rf package
}
fetch leaflet@1.9.4 dist/leaflet.js dist/leaflet.css dist/images/marker-icon.png dist/images/marker-shadow.png \
    dist/images/layers.png dist/images/layers-2x.png
fetch vega@6.4.0 build/vega.min.js
fetch vega-lite@6.4.3 build/vega-lite.min.js
fetch vega-embed@7.3.0 build/vega-embed.min.js
