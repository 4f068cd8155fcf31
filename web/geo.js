// Local flat geometry for the page: metres per degree near a latitude, offsets between
// points, distance and bearing from the shop, and which ring and sector a point is in.
// Good to well under a metre across a town; the server decides exact (geodesic)
// distances, this only turns pointer positions into places.

const RAD = Math.PI / 180;

/** Metres per degree of latitude and of longitude at latitude `lat`. */
export function metresPerDegree(lat) {
  const p = lat * RAD;
  return {
    lat: 111132.954 - 559.822 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p),
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p),
  };
}

/** Metres east and north of `from` to `to` (both `{lat, lon}`). */
export function offset(from, to) {
  const m = metresPerDegree((from.lat + to.lat) / 2);
  return { east: (to.lon - from.lon) * m.lon, north: (to.lat - from.lat) * m.lat };
}

/** The point `east`, `north` metres from `from`. */
export function moved(from, east, north) {
  const m = metresPerDegree(from.lat);
  return { lat: from.lat + north / m.lat, lon: from.lon + east / m.lon };
}

/** Distance (m) and bearing (degrees clockwise from north, 0–360) from `a` to `b`. */
export function distanceBearing(a, b) {
  const { east, north } = offset(a, b);
  const distance = Math.hypot(east, north);
  let bearing = Math.atan2(east, north) / RAD;
  if (bearing < 0) bearing += 360;
  return { distance, bearing };
}

/** The ring of a distance: 1-based index into `radii`, or `'outside'`. */
export function ringOf(distance, radii) {
  const i = radii.findIndex((r) => distance <= r);
  return i < 0 ? 'outside' : i + 1;
}

/** Whether `bearing` lies in [from, to), the interval wrapping through north if need be. */
export function inBearings(bearing, from, to) {
  return from <= to ? bearing >= from && bearing < to : bearing >= from || bearing < to;
}

/** The cell of `cells` (ring × sector rows) holding this ring and bearing. */
export function cellAt(cells, ring, bearing) {
  return cells.find((c) => c.ring === ring && inBearings(bearing, c.bearing_from_deg, c.bearing_to_deg));
}

/** A view of the map image: its centre, metres per pixel and size, north up. */
export class View {
  constructor(centre, metresPerPixel, width, height) {
    this.centre = centre;
    this.mpp = metresPerPixel;
    this.width = width;
    this.height = height;
  }

  /** The place under pixel (x, y) of the image. */
  toLatLon(x, y) {
    return moved(this.centre, (x - this.width / 2) * this.mpp, (this.height / 2 - y) * this.mpp);
  }

  /** The pixel of a place. */
  toPixel(p) {
    const { east, north } = offset(this.centre, p);
    return { x: this.width / 2 + east / this.mpp, y: this.height / 2 - north / this.mpp };
  }
}
