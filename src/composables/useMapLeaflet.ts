// Leaflet and its CSS are loaded only when a map is shown, so the home page's first load stays
// within the bench:web budget. Tests replace loadLeaflet() with a stub (happy-dom has no layout).
import type * as Leaflet from 'leaflet'
import { TILE_ATTRIBUTION, TILE_MAX_ZOOM, TILE_URL } from '@/components/map/mapConfig'
import { useAppConfigStore } from '@/stores/appConfig'

export type LeafletModule = typeof Leaflet

let loading: Promise<LeafletModule> | null = null

export function loadLeaflet(): Promise<LeafletModule> {
  loading ??= Promise.all([
    import('leaflet'),
    import('leaflet/dist/leaflet.css'),
    import('@/components/map/map.css'),
  ])
    .then(
      ([module]) => ((module as { default?: LeafletModule }).default ?? module) as LeafletModule,
    )
    .catch((e: unknown) => {
      // A failed chunk load (offline) may succeed on the next try.
      loading = null
      throw e
    })
  return loading
}

export interface BaseMapOptions {
  /** Right-to-left page: the zoom buttons go to the reading start (the right). */
  rtl: boolean
  zoomInTitle: string
  zoomOutTitle: string
  /** Called once when tiles fail and none has loaded (no network, PDOK down). */
  onTilesFailed: () => void
}

/**
 * A Leaflet map with the PDOK basemap, kept within the area's bounds (public.area_settings). The map's own geometry is
 * left-to-right whatever the page's direction (the container gets dir="ltr" in the template);
 * only the controls move to the reading start.
 */
export function createBaseMap(
  L: LeafletModule,
  el: HTMLElement,
  opts: BaseMapOptions,
): Leaflet.Map {
  const config = useAppConfigStore()
  const b = config.bounds
  const map = L.map(el, {
    zoomControl: false,
    attributionControl: false,
    maxBounds: L.latLngBounds([b.south, b.west], [b.north, b.east]).pad(0.1),
    minZoom: 11,
    maxZoom: TILE_MAX_ZOOM,
    // Jumps instead of animations: calmer, and Leaflet throws when a map is removed mid-zoom.
    zoomAnimation: false,
  })
  map.setView(config.centre, 14)
  L.control
    .zoom({
      position: opts.rtl ? 'topright' : 'topleft',
      zoomInTitle: opts.zoomInTitle,
      zoomOutTitle: opts.zoomOutTitle,
    })
    .addTo(map)
  L.control
    .attribution({
      position: opts.rtl ? 'bottomleft' : 'bottomright',
      prefix: '<a href="https://leafletjs.com">Leaflet</a>',
    })
    .addTo(map)
  let tilesLoaded = 0
  let reported = false
  L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: TILE_MAX_ZOOM })
    .on('tileload', () => (tilesLoaded += 1))
    .on('tileerror', () => {
      if (tilesLoaded > 0 || reported) return
      reported = true
      opts.onTilesFailed()
    })
    .addTo(map)
  return map
}
