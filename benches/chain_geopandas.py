"""The chain-scale counts done the way an analyst does them in GeoPandas, for the ratio
in benches/chain_scale.sh: read the workspace's members and shops, then for every own
shop and competitor the members in each distance ring and ring x sector cell (geodesic,
pyproj.Geod, i.e. Karney's algorithm as catchment uses), and every member's nearest own
shop (geodesic among the nearest few by chord) for the own shops' trade areas (median
distance, 50 % and 70 % radius of their own members).

    python benches/chain_geopandas.py WORKSPACE.db OUT_DIR

Writes OUT_DIR/gpd_cells.csv (shop, ring, sector, members) and OUT_DIR/gpd_trade.csv
(shop, own_members, median_m, r50_m, r70_m); prints timings on stderr.
"""

import sqlite3
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import box

RADII_M = [150, 300, 450, 600, 1000]
SECTORS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
GEOD = Geod(ellps="WGS84")


def ecef(lon, lat):
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    lon, lat = np.radians(lon), np.radians(lat)
    n = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
    return np.column_stack(
        (n * np.cos(lat) * np.cos(lon), n * np.cos(lat) * np.sin(lon), n * (1 - e2) * np.sin(lat))
    )


def main(db, out):
    t0 = time.time()
    con = sqlite3.connect(db)
    members = pd.read_sql_query(
        "SELECT id, lon, lat FROM members WHERE lon IS NOT NULL "
        "AND (match_level IS NULL OR match_level IN ('house', 'street')) ORDER BY id",
        con,
    )
    shops = pd.read_sql_query("SELECT name, kind, lon, lat FROM shops ORDER BY name", con)
    pts = gpd.GeoDataFrame(members, geometry=gpd.points_from_xy(members.lon, members.lat), crs=4326)
    tree = pts.sindex
    print(f"load + index: {time.time() - t0:.1f} s", file=sys.stderr)

    t1 = time.time()
    lon, lat = members.lon.to_numpy(), members.lat.to_numpy()
    rows = []
    outer = RADII_M[-1]
    for s in shops.itertuples():
        dlat = outer / 110_000 * 1.02
        dlon = dlat / np.cos(np.radians(s.lat))
        cand = tree.query(box(s.lon - dlon, s.lat - dlat, s.lon + dlon, s.lat + dlat))
        az, _, dist = GEOD.inv(np.full(len(cand), s.lon), np.full(len(cand), s.lat), lon[cand], lat[cand])
        inside = dist <= outer
        dist, az = dist[inside], np.mod(az[inside], 360.0)
        ring = np.searchsorted(RADII_M, dist, side="left") + 1
        sector = np.floor(np.mod(az + 22.5, 360.0) / 45.0).astype(int) % 8
        sector[dist == 0] = 0
        counts = np.zeros((len(RADII_M), 8), dtype=int)
        np.add.at(counts, (ring - 1, sector), 1)
        for r in range(len(RADII_M)):
            for k in range(8):
                rows.append((s.name, r + 1, SECTORS[k], counts[r, k]))
    pd.DataFrame(rows, columns=["shop", "ring", "sector", "members"]).to_csv(
        f"{out}/gpd_cells.csv", index=False
    )
    print(f"rings and cells of {len(shops)} shops: {time.time() - t1:.1f} s", file=sys.stderr)

    t2 = time.time()
    own = shops[shops.kind == "own"].reset_index(drop=True)
    k = min(4, len(own))
    _, near = cKDTree(ecef(own.lon.to_numpy(), own.lat.to_numpy())).query(ecef(lon, lat), k=k)
    near = near.reshape(len(lon), k)
    best_d = np.full(len(lon), np.inf)
    best = np.zeros(len(lon), dtype=int)
    for j in range(k):
        idx = near[:, j]
        _, _, d = GEOD.inv(own.lon.to_numpy()[idx], own.lat.to_numpy()[idx], lon, lat)
        better = (d < best_d) | ((d == best_d) & (idx < best))
        best_d = np.where(better, d, best_d)
        best = np.where(better, idx, best)
    trade = []
    for i, s in enumerate(own.itertuples()):
        d = np.sort(best_d[best == i])
        q = lambda p: d[max(0, int(np.ceil(p * len(d))) - 1)] if len(d) else np.nan
        trade.append((s.name, len(d), float(np.median(d)) if len(d) else np.nan, q(0.5), q(0.7)))
    pd.DataFrame(trade, columns=["shop", "own_members", "median_m", "r50_m", "r70_m"]).to_csv(
        f"{out}/gpd_trade.csv", index=False
    )
    print(f"nearest own shop of {len(lon)} members: {time.time() - t2:.1f} s", file=sys.stderr)
    print(f"total: {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
