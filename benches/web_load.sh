#!/usr/bin/env bash
# Load benchmark of the web app on loopback, as a user's browser meets it: the release
# binary serves a workspace of 100,000 members (generated from the Helsinki extract and
# placed by the offline geocoder), and wrk (Debian: `apt-get install wrk`) sends requests
# for a fixed time to 127.0.0.1 only. Bounded: each run lasts DURATION seconds and the
# server is stopped at the end.
#
#   bash benches/web_load.sh            # MEMBERS=100000 DURATION=10 CONNECTIONS=16
#
# Prints requests/s and latency percentiles for:
#   rings (repeated view)   /api/rings?cells=true          the same report again (kept per
#                                                           workspace version)
#   rings (new each time)   /api/rings?cells=true&radii=…  a new radius list per request,
#                                                           so every answer is computed
#   map view                /api/map.svg?view=true&…       a 1000×700 screen view
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${MEMBERS:-100000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18080}
WORK=${WORK:-target/web-load}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
BIN=target/release/catchment
DB="$WORK/members-$MEMBERS.db"
if [ ! -f "$DB" ]; then
  mkdir -p "$WORK/data"
  $BIN demo-data --pbf data/helsinki.osm.pbf --out "$WORK/data" --members "$MEMBERS"
  $BIN --workspace "$DB" area load data/helsinki.osm.pbf --no-geocode
  $BIN --workspace "$DB" import shops "$WORK/data/shops.csv"
  $BIN --workspace "$DB" import members "$WORK/data/members.csv" 2>&1 | grep -E "geocoded|new," || true
fi
$BIN --workspace "$DB" serve --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break
  sleep 0.1
done
URL="http://127.0.0.1:$PORT"
# The first report reads the workspace into memory; measured apart.
/usr/bin/time -f "first request (reads the workspace): %e s" curl -s -o /dev/null "$URL/api/rings?cells=true"
echo "members: $(curl -s "$URL/api/status" | sed -E 's/.*"located":([0-9]+).*/\1/') located"

cat > "$WORK/new_radii.lua" <<'LUA'
-- A different outer radius each request, so no answer comes from the cache.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/rings?cells=true&radii=150,300,450,600," .. (1000 + n % 100000))
end
LUA

run() {
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in"
}
run "rings (repeated view)" "$URL/api/rings?cells=true"
run "rings (new each time)" -s "$WORK/new_radii.lua" "$URL"
cat > "$WORK/pan.lua" <<'LUA'
-- A new centre each request, as a user panning: no answer comes from the cache.
local n = 0
request = function()
  n = n + 1
  local lat = 60.165 + n * 0.000001
  return wrk.format("GET", "/api/map.svg?view=true&width=1000&height=700&extent_m=1100&centre_lat=" .. lat .. "&centre_lon=24.944")
end
LUA
run "map view, repeated (1000x700)" "$URL/api/map.svg?view=true&width=1000&height=700&extent_m=1100"
run "map view, panning, one user" -c1 -t1 -s "$WORK/pan.lua" "$URL"
run "map view, panning, $CONNECTIONS users" -s "$WORK/pan.lua" "$URL"
