#!/usr/bin/env bash
# Chain-scale benchmark, as a user runs it: the release binary started on a workspace
# file, once per command, each timed with /usr/bin/time -v (wall time and peak resident
# memory), and a GeoPandas script doing the same geodesic counts for the ratio.
# Not part of CI.
#
#   bash benches/chain_scale.sh                 # MEMBERS=1000000 SHOPS=100 COMPETITORS=300
#   MEMBERS=10000000 SHOPS=1000 COMPETITORS=3000 bash benches/chain_scale.sh
#   BIN=path/to/other/catchment bash benches/chain_scale.sh   # e.g. an older build
#   GEOPANDAS=0 bash benches/chain_scale.sh     # without the GeoPandas run
#   RUNS=7 bash benches/chain_scale.sh          # seven runs of each analysis, not three
#
# The data is generated with awk from a fixed seed. Up to 100 shops make one city of
# 30 km × 30 km (around 31.23 N, 121.47 E); more shops make one such city per 100 shops,
# placed at random over a country-sized box (22.5–40.5 N, 103–121 E, about 2,000 km
# square). Own shops sit on a jittered grid in their city, competitors anywhere in a
# random city; 80 % of the members live within 1.5 km of a random own shop, the rest
# anywhere in the country (one city: anywhere in it). Visits and last visit vary so
# segments are not all equal.
#
# The first run imports the members (timed) into $WORK/chain-M-S-C.db; then each of these
# runs $RUNS times (default 3) and its median is printed:
#   rings --all --cells           every own shop's rings and cells
#   rings --all                   every own shop's rings and trade-area figures
#   rings --competitors --cells   every competitor's rings and cells
#   compare                       own shops side by side
#   compare --members             every member's nearest own shop and competitor (CSV)
#   whitespace                    candidate sites for the next own shop, ranked
# The import writes the member cache (FILE-members) after it commits, so the first
# analysis reads the cache; that first command is run once more ("first read") and its
# time printed apart.
# whitespace weighs sites by the dwellings of an OSM extract: benches/chain_area.py writes
# one of $HOMES apartment buildings (default a tenth of the members) spread evenly around
# the own shops and across the region (pyosmium, in the venv below), and `area load`
# loads it into the workspace once (timed).
# The GeoPandas script (benches/chain_geopandas.py, in a venv under target/) counts the
# same rings and cells and assigns every member its nearest own shop; its cell counts
# are compared with ours.
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${MEMBERS:-1000000}
SHOPS=${SHOPS:-100}
COMPETITORS=${COMPETITORS:-300}
WORK=${WORK:-target/chain-scale}
GEOPANDAS=${GEOPANDAS:-1}
HOMES=${HOMES:-$((MEMBERS / 10))}
VENV=${VENV:-target/gpd-venv}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/catchment
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install time" >&2; exit 1; }
mkdir -p "$WORK"
DB="$WORK/chain-$MEMBERS-$SHOPS-$COMPETITORS.db"
RUNS=${RUNS:-3}
# run NAME COMMAND...: runs COMMAND $RUNS times and prints the median wall time (also
# left in MEDIAN_WALL, 0 when it failed), every run's, and the highest peak resident
# memory (which counts the member cache's mapped pages: the page cache's, shared).
run() {
  local name=$1; shift
  local log="$WORK/time.log" walls="" peak=0 p i
  MEDIAN_WALL=0
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$log" || {
      echo "$name: failed"; tail -3 "$log"; return 0; }
    walls="$walls $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
      awk -F: '{ print $1 * 60 + $2 }')"
    p=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    if ((p > peak)); then peak=$p; fi
  done
  MEDIAN_WALL=$(echo $walls | tr ' ' '\n' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf '%-34s %8.2f s  %8d MB   runs:%s\n' "$name" "$MEDIAN_WALL" $((peak / 1024)) "$walls"
}
# once NAME COMMAND...: as run, a single time (an import, a first read, GeoPandas).
once() { RUNS=1 run "$@"; }
# python_with MODULE [PACKAGE...]: the venv's python, with PACKAGEs installed unless MODULE
# can already be imported.
python_with() {
  local module=$1; shift
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -c "import $module" 2>/dev/null || "$VENV/bin/pip" install --quiet "$@"
}
echo "binary: $BIN"
echo "workspace: $MEMBERS members, $SHOPS own shops, $COMPETITORS competitors"
printf '%-34s %10s  %11s\n' command "wall" "peak RSS"
if [ ! -f "$DB" ]; then
  awk -v shops="$SHOPS" -v comps="$COMPETITORS" 'BEGIN {
    srand(14); print "name,kind,lat,lon"
    cities = int((shops + 99) / 100); per = int((shops + cities - 1) / cities)
    side = int(sqrt(per)); if (side * side < per) side++
    clat[0] = 31.10; clon[0] = 121.31
    if (cities > 1) for (c = 0; c < cities; c++) {
      clat[c] = 22.5 + rand() * 17.73; clon[c] = 103 + rand() * 17.68
    }
    for (i = 0; i < shops; i++) {
      c = int(i / per); j = i % per
      lat = clat[c] + (int(j / side) + 0.5 + (rand() - 0.5) * 0.6) * 0.27 / side
      lon = clon[c] + (j % side + 0.5 + (rand() - 0.5) * 0.6) * 0.32 / side
      printf "Shop %04d,own,%.6f,%.6f\n", i + 1, lat, lon
    }
    for (i = 0; i < comps; i++) {
      c = cities > 1 ? int(rand() * cities) : 0
      printf "Rival %04d,competitor,%.6f,%.6f\n", i + 1, clat[c] + rand() * 0.27, clon[c] + rand() * 0.32
    }
  }' > "$WORK/shops.csv"
  awk -F, -v n="$MEMBERS" -v shops="$SHOPS" 'BEGIN { k = 0 } NR > 1 && $2 == "own" { lat[k] = $3; lon[k] = $4; k++ }
  END {
    srand(41); print "id,lat,lon,visits,last_visit"
    pi = atan2(0, -1)
    if (shops > 100) { la0 = 22.5; dla = 18; lo0 = 103; dlo = 18 }
    else { la0 = 31.10; dla = 0.27; lo0 = 121.31; dlo = 0.32 }
    for (i = 0; i < n; i++) {
      if (rand() < 0.8) {
        s = int(rand() * k); r = 1500 * sqrt(rand()); b = 2 * pi * rand()
        la = lat[s] + r * cos(b) / 111320
        lo = lon[s] + r * sin(b) / (111320 * cos(lat[s] * pi / 180))
      } else {
        la = la0 + rand() * dla; lo = lo0 + rand() * dlo
      }
      printf "M%08d,%.6f,%.6f,%d,2026-%02d-%02d\n", i, la, lo, 1 + int(rand() * 12), 1 + int(rand() * 10), 1 + int(rand() * 28)
    }
  }' "$WORK/shops.csv" > "$WORK/members.csv"
  "$BIN" --workspace "$DB" import shops "$WORK/shops.csv" >/dev/null 2>&1
  once "import members" "$BIN" --workspace "$DB" import members "$WORK/members.csv"
  rm -f "$WORK/members.csv"
  once "first read (cache written by import)" "$BIN" --workspace "$DB" rings --all --format csv
fi
total=0
ours() {
  run "$@"
  total=$(awk -v a="$total" -v b="$MEDIAN_WALL" 'BEGIN { print a + b }')
}
ours "rings --all --cells" "$BIN" --workspace "$DB" rings --all --cells --format csv
cp "$WORK/out.txt" "$WORK/own-cells.csv"
ours "rings --all" "$BIN" --workspace "$DB" rings --all --format csv
ours "rings --competitors --cells" "$BIN" --workspace "$DB" rings --competitors --cells --format csv
cp "$WORK/out.txt" "$WORK/rival-cells.csv"
echo "the three rings commands together (medians): $total s"
if "$BIN" compare --help >/dev/null 2>&1; then
  run "compare" "$BIN" --workspace "$DB" compare --format csv
  run "compare --members" "$BIN" --workspace "$DB" compare --members --out "$WORK/members-nearest.csv"
fi
if "$BIN" whitespace --help >/dev/null 2>&1; then
  if "$BIN" --workspace "$DB" area info 2>&1 | grep -q "no area loaded"; then
    AREA="$WORK/chain-area-$SHOPS-$HOMES.osm.pbf"
    python_with osmium osmium
    [ -f "$AREA" ] || "$VENV/bin/python" benches/chain_area.py "$WORK/shops.csv" "$HOMES" "$AREA"
    once "area load ($HOMES homes)" "$BIN" --workspace "$DB" area load "$AREA"
  fi
  run "whitespace" "$BIN" --workspace "$DB" whitespace --format csv
fi
if [ "$GEOPANDAS" = 1 ]; then
  python_with geopandas geopandas pyproj shapely scipy pandas numpy
  once "GeoPandas (same counts)" "$VENV/bin/python" benches/chain_geopandas.py "$DB" "$WORK"
  sed -n 's/^\(load\|rings\|nearest\|total\)/  geopandas \1/p' "$WORK/time.log"
  "$VENV/bin/python" - "$WORK" <<'PY'
import sys, pandas as pd
w = sys.argv[1]
ours = pd.concat([pd.read_csv(f"{w}/own-cells.csv"), pd.read_csv(f"{w}/rival-cells.csv")])
ours = ours[["shop", "ring", "sector", "members"]].astype({"ring": str})
theirs = pd.read_csv(f"{w}/gpd_cells.csv").astype({"ring": str})
both = ours.merge(theirs, on=["shop", "ring", "sector"], how="outer", suffixes=("_ours", "_gpd"))
same = (both.members_ours == both.members_gpd).sum()
print(f"cells: {len(both)}, equal counts: {same}; members in cells: catchment "
      f"{int(both.members_ours.sum())}, GeoPandas {int(both.members_gpd.sum())}")
PY
fi
