// The basemap and the area Emmer's maps show. PDOK is the only third party the app may contact
// (DESIGN.md, privacy); scripts/csp.ts allows its images and nothing else.

/** PDOK BRT-Achtergrondkaart, standard style, in Web Mercator tiles. */
export const TILE_URL =
  'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png'

/** PDOK's terms ask for the Kadaster credit on the map. */
export const TILE_ATTRIBUTION =
  'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> | <a href="https://www.pdok.nl">PDOK</a>'

export const TILE_MAX_ZOOM = 19

/** The area's bounds, as public.area_settings holds them (stores/appConfig.ts reads them). */
export interface Bounds {
  south: number
  north: number
  west: number
  east: number
}

/** Whether a place lies within the bounds; the database checks the same (ideas_location_in_area). */
export function inBounds(lat: number, lng: number, b: Bounds): boolean {
  return lat >= b.south && lat <= b.north && lng >= b.west && lng <= b.east
}

/** The database stores numeric(8, 6): six decimals, about 10 cm. */
export function roundCoordinate(value: number): number {
  return Number(value.toFixed(6))
}
