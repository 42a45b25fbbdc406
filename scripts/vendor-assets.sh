#!/usr/bin/env bash
# Copies the front-end files the pages use from node_modules into the ignored static vendor folder.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
dst=worksafety/web/static/vendor
rm -rf "$dst"
mkdir -p "$dst"/{bootstrap,bootstrap-icons,echarts,htmx,leaflet,swagger-ui,tom-select}
cp "$src"/bootstrap/dist/css/bootstrap.min.css "$src"/bootstrap/dist/js/bootstrap.bundle.min.js "$dst"/bootstrap/
cp -r "$src"/bootstrap-icons/font/bootstrap-icons.min.css "$src"/bootstrap-icons/font/fonts "$dst"/bootstrap-icons/
cp "$src"/echarts/dist/echarts.min.js "$dst"/echarts/
cp "$src"/htmx.org/dist/htmx.min.js "$dst"/htmx/
cp "$src"/tom-select/dist/css/tom-select.bootstrap5.min.css "$src"/tom-select/dist/js/tom-select.complete.min.js "$dst"/tom-select/
cp -r "$src"/leaflet/dist/leaflet.js "$src"/leaflet/dist/leaflet.css "$src"/leaflet/dist/images "$dst"/leaflet/
cp "$src"/swagger-ui-dist/swagger-ui.css "$src"/swagger-ui-dist/swagger-ui-bundle.js \
   "$src"/swagger-ui-dist/swagger-ui-standalone-preset.js "$src"/swagger-ui-dist/favicon-32x32.png "$dst"/swagger-ui/
