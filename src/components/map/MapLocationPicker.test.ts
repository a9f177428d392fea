import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { defineComponent, h, ref } from 'vue'
import { DEFAULT_CONFIG, DEFAULT_SETTINGS } from '@/lib/appConfig'
import { useAppConfigStore } from '@/stores/appConfig'
import { renderWithApp } from '@/testing/render'
import MapLocationPicker from './MapLocationPicker.vue'
import MapViewToggle from './MapViewToggle.vue'

// happy-dom has no layout for Leaflet: a fake map that records handlers and has a centre.
const fake = vi.hoisted(() => {
  const handlers: Record<string, (e: { latlng: { lat: number; lng: number } }) => void> = {}
  const state = { centre: { lat: 51.4567, lng: 5.4725 }, handlers }
  const marker = { addTo: () => marker, setLatLng: () => marker, remove: () => undefined }
  const map = {
    on: (name: string, fn: (typeof handlers)[string]) => ((handlers[name] = fn), map),
    getCenter: () => state.centre,
    setView: () => map,
    remove: () => undefined,
  }
  return { state, map, L: { divIcon: () => ({}), marker: () => marker } }
})
vi.mock('@/composables/useMapLeaflet', () => ({
  loadLeaflet: async () => fake.L,
  createBaseMap: () => fake.map,
}))

function renderPicker(lat: number | null = null, lng: number | null = null) {
  const place = { lat: ref(lat), lng: ref(lng) }
  const Host = defineComponent(
    () => () =>
      h(MapLocationPicker, {
        lat: place.lat.value,
        lng: place.lng.value,
        'onUpdate:lat': (v: number | null) => (place.lat.value = v),
        'onUpdate:lng': (v: number | null) => (place.lng.value = v),
      }),
  )
  return renderWithApp(Host).then(() => place)
}

describe('MapLocationPicker', () => {
  beforeEach(() => {
    fake.state.centre = { lat: 51.4567, lng: 5.4725 }
  })

  it('sets the place where the map is clicked, rounded to what the database stores', async () => {
    const place = await renderPicker()
    await userEvent.click(screen.getByRole('button', { name: 'Kies de plek op de kaart' }))
    await waitFor(() => expect(fake.state.handlers.click).toBeTruthy())
    fake.state.handlers.click({ latlng: { lat: 51.45123456, lng: 5.47987654 } })
    await waitFor(() => expect(place.lat.value).toBe(51.451235))
    expect(place.lng.value).toBe(5.479877)
    expect(screen.getByRole('status').textContent).toBe('Je plek is toegevoegd.')
  })

  it('offers the map centre as the keyboard way to set the place', async () => {
    const place = await renderPicker()
    await userEvent.click(screen.getByRole('button', { name: 'Kies de plek op de kaart' }))
    await userEvent.click(
      await screen.findByRole('button', { name: 'Zet de plek in het midden van de kaart' }),
    )
    expect(place.lat.value).toBe(51.4567)
    expect(place.lng.value).toBe(5.4725)
  })

  it("refuses a place outside the area's bounds in B1 and keeps the old one", async () => {
    const place = await renderPicker(51.45, 5.47)
    // The bounds come from the area's settings (app_config()); here Eindhoven's.
    useAppConfigStore().apply({
      ...DEFAULT_CONFIG,
      settings: {
        ...DEFAULT_SETTINGS,
        bounds_south: 51.38,
        bounds_north: 51.52,
        bounds_west: 5.36,
        bounds_east: 5.58,
      },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Kies de plek op de kaart' }))
    await waitFor(() => expect(fake.state.handlers.click).toBeTruthy())
    fake.state.handlers.click({ latlng: { lat: 52.37, lng: 4.89 } })
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Deze plek ligt buiten het gebied van Emmer. Kies een plek op de kaart, of laat de plek leeg.',
      ),
    )
    expect(place.lat.value).toBe(51.45)
    expect(place.lng.value).toBe(5.47)
  })

  it('removes the place with one clear button, and works without opening the map', async () => {
    const place = await renderPicker(51.45, 5.47)
    expect(screen.getByText('Je idee heeft een plek op de kaart.')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Haal de plek weg' }))
    expect(place.lat.value).toBeNull()
    expect(place.lng.value).toBeNull()
    expect(screen.queryByRole('button', { name: 'Haal de plek weg' })).toBeNull()
  })
})

describe('MapViewToggle', () => {
  it('shows Lijst and Kaart as pressed buttons and reports the choice', async () => {
    const onUpdate = vi.fn()
    await renderWithApp(MapViewToggle, {
      props: { modelValue: 'list', 'onUpdate:modelValue': onUpdate },
    })
    expect(screen.getByRole('group', { name: 'Bekijk de ideeën als' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Lijst' }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('button', { name: 'Kaart' }).getAttribute('aria-pressed')).toBe('false')
    await userEvent.click(screen.getByRole('button', { name: 'Kaart' }))
    expect(onUpdate).toHaveBeenCalledWith('map')
  })
})
