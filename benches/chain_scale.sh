#!/usr/bin/env bash
# Chain-scale benchmark, as a user runs it: the release binary started on a workspace
# file of 1,000,000 members (no shop column), 100 own shops and 300 competitors, once per
# command, each timed with /usr/bin/time -v (wall time and peak resident memory).
# Not part of CI.
#
#   bash benches/chain_scale.sh                 # MEMBERS=1000000 SHOPS=100 COMPETITORS=300
#   BIN=path/to/other/catchment bash benches/chain_scale.sh   # e.g. an older build
#
# The data is generated with awk from a fixed seed: shops on a jittered grid over a
# 30 km × 30 km city (around 31.23 N, 121.47 E), 80 % of the members within 1.5 km of a
# random own shop, the rest spread over the city; visits and last visit vary so segments
# are not all equal. Commands timed:
#   rings --all --cells           every own shop's rings and cells
#   rings --competitors --cells   every competitor's rings and cells
#   compare                       own shops side by side
#   compare --members             every member's nearest own shop and competitor (CSV)
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${MEMBERS:-1000000}
SHOPS=${SHOPS:-100}
COMPETITORS=${COMPETITORS:-300}
WORK=${WORK:-target/chain-scale}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/catchment
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install time" >&2; exit 1; }
mkdir -p "$WORK"
DB="$WORK/chain-$MEMBERS-$SHOPS-$COMPETITORS.db"
if [ ! -f "$DB" ]; then
  awk -v shops="$SHOPS" -v comps="$COMPETITORS" 'BEGIN {
    srand(14); print "name,kind,lat,lon"
    side = int(sqrt(shops)); if (side * side < shops) side++
    for (i = 0; i < shops; i++) {
      lat = 31.10 + (int(i / side) + 0.5 + (rand() - 0.5) * 0.6) * 0.27 / side
      lon = 121.31 + (i % side + 0.5 + (rand() - 0.5) * 0.6) * 0.32 / side
      printf "Shop %03d,own,%.6f,%.6f\n", i + 1, lat, lon
    }
    for (i = 0; i < comps; i++)
      printf "Rival %03d,competitor,%.6f,%.6f\n", i + 1, 31.10 + rand() * 0.27, 121.31 + rand() * 0.32
  }' > "$WORK/shops.csv"
  awk -F, -v n="$MEMBERS" 'BEGIN { k = 0 } NR > 1 && $2 == "own" { lat[k] = $3; lon[k] = $4; k++ }
  END {
    srand(41); print "id,lat,lon,visits,last_visit"
    pi = atan2(0, -1)
    for (i = 0; i < n; i++) {
      if (rand() < 0.8) {
        s = int(rand() * k); r = 1500 * sqrt(rand()); b = 2 * pi * rand()
        la = lat[s] + r * cos(b) / 111320
        lo = lon[s] + r * sin(b) / (111320 * cos(lat[s] * pi / 180))
      } else {
        la = 31.10 + rand() * 0.27; lo = 121.31 + rand() * 0.32
      }
      printf "M%07d,%.6f,%.6f,%d,2026-%02d-%02d\n", i, la, lo, 1 + int(rand() * 12), 1 + int(rand() * 10), 1 + int(rand() * 28)
    }
  }' "$WORK/shops.csv" > "$WORK/members.csv"
  "$BIN" --workspace "$DB" import shops "$WORK/shops.csv" >/dev/null
  /usr/bin/time -f "import members: %e s, peak %M KB" \
    "$BIN" --workspace "$DB" import members "$WORK/members.csv" 2>&1 >/dev/null | tail -1
fi
echo "binary: $BIN"
echo "workspace: $MEMBERS members, $SHOPS own shops, $COMPETITORS competitors"
run() {
  local name=$1; shift
  local log="$WORK/time.log"
  /usr/bin/time -v "$BIN" --workspace "$DB" "$@" >"$WORK/out.txt" 2>"$log" || {
    echo "$name: failed"; tail -3 "$log"; return 0; }
  local wall peak
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  printf '%-30s %10s  %8d MB\n' "$name" "$wall" $((peak / 1024))
}
printf '%-30s %10s  %11s\n' command "wall m:ss" "peak RSS"
run "rings --all --cells" rings --all --cells --format csv
run "rings --competitors --cells" rings --competitors --cells --format csv
if "$BIN" compare --help >/dev/null 2>&1; then
  run "compare" compare --format csv
  run "compare --members" compare --members --out "$WORK/members-nearest.csv"
fi
