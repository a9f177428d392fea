// The basemap and the area Emmer's maps show. PDOK is the only third party the app may contact
// (DESIGN.md, privacy); scripts/csp.ts allows its images and nothing else.

/** PDOK BRT-Achtergrondkaart, standard style, in Web Mercator tiles. */
export const TILE_URL =
  'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png'

/** PDOK's terms ask for the Kadaster credit on the map. */
export const TILE_ATTRIBUTION =
  'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> | <a href="https://www.pdok.nl">PDOK</a>'

export const TILE_MAX_ZOOM = 19

/** Woensel-Zuid, roughly: where a map opens when it has nothing to fit. */
export const WOENSEL_ZUID: [number, number] = [51.4567, 5.4725]

/**
 * The bounds the database accepts (constraint ideas_location_in_eindhoven in
 * supabase/migrations/20260601001400_create_ideas.sql). Keep the two in step.
 */
export const EINDHOVEN_BOUNDS = { south: 51.38, north: 51.52, west: 5.36, east: 5.58 } as const

export function inEindhoven(lat: number, lng: number): boolean {
  const b = EINDHOVEN_BOUNDS
  return lat >= b.south && lat <= b.north && lng >= b.west && lng <= b.east
}

/** The database stores numeric(8, 6): six decimals, about 10 cm. */
export function roundCoordinate(value: number): number {
  return Number(value.toFixed(6))
}
