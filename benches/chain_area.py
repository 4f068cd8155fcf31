"""Writes a synthetic OpenStreetMap extract of homes for the chain-scale benchmark, so that
`catchment whitespace` can be run on the chain's workspace as a user runs it.

    python benches/chain_area.py SHOPS_CSV HOMES OUT.osm.pbf

Each home is a square apartment building about 20 m a side (`building=apartments`,
`building:flats` from 5 to 60). Homes spread evenly through the shops' neighbourhoods
(90 % within 3 km of a random own shop, uniform over that disc) and the rest anywhere in the
chain's region (one city of 30 km x 30 km up to 100 shops, else the country-sized box),
while benches/chain_scale.sh puts 80 % of the members within 1.5 km of a shop: penetration
falls with distance, as whitespace's model needs. Fixed seed; needs pyosmium.
"""

import csv
import math
import random
import sys

import osmium
from osmium.osm.mutable import Node, Way


def main(shops_csv, homes, out):
    with open(shops_csv, newline="") as f:
        own = [
            (float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(f)
            if r["kind"] == "own"
        ]
    if len(own) > 100:
        lat0, dlat, lon0, dlon = 22.5, 18.0, 103.0, 18.0
    else:
        lat0, dlat, lon0, dlon = 31.10, 0.27, 121.31, 0.32
    rng = random.Random(14)
    half = 10.0  # metres from a building's centre to its sides
    writer = osmium.SimpleWriter(out, overwrite=True)
    node_id = 0
    corners = []  # each building's four node ids, for the ways written after the nodes
    for _ in range(homes):
        if rng.random() < 0.9:
            lat, lon = own[rng.randrange(len(own))]
            r, b = 3000 * math.sqrt(rng.random()), 2 * math.pi * rng.random()
            lat += r * math.cos(b) / 111320
            lon += r * math.sin(b) / (111320 * math.cos(math.radians(lat)))
        else:
            lat, lon = lat0 + rng.random() * dlat, lon0 + rng.random() * dlon
        dlat_m = half / 111320
        dlon_m = half / (111320 * math.cos(math.radians(lat)))
        ids = []
        for sy, sx in ((-1, -1), (-1, 1), (1, 1), (1, -1)):
            node_id += 1
            writer.add_node(Node(id=node_id, location=(lon + sx * dlon_m, lat + sy * dlat_m)))
            ids.append(node_id)
        corners.append(ids)
    for way_id, ids in enumerate(corners, start=1):
        tags = {"building": "apartments", "building:flats": str(5 + (way_id * 7919) % 56)}
        writer.add_way(Way(id=way_id, nodes=ids + ids[:1], tags=tags))
    writer.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
