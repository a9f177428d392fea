import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { DEFAULT_CONFIG, type AppConfig } from '@/lib/appConfig'
import { renderWithApp } from '@/testing/render'
import AdminSettings from './AdminSettings.vue'

const WOENSEL: AppConfig = {
  ...DEFAULT_CONFIG,
  settings: {
    ...DEFAULT_CONFIG.settings,
    area_name: 'Woensel-Zuid',
    city: 'Eindhoven',
    programme_name: 'Pact Woensel Zuid',
    contact_email: 'team@emmer.example',
    walk_in_hours: { nl: 'Dinsdag 10 tot 12' },
    map_centre_lat: 51.4567,
    map_centre_lng: 5.4725,
    bounds_south: 51.38,
    bounds_north: 51.52,
    bounds_west: 5.36,
    bounds_east: 5.58,
    brand_colour: '#0b5c56',
  },
}

const api = vi.hoisted(() => ({ saveAreaSettings: vi.fn(), fetchAppConfig: vi.fn() }))
vi.mock('@/api/appConfig', () => api)

async function renderForm() {
  const view = await renderWithApp(AdminSettings)
  await waitFor(() =>
    expect((screen.getByLabelText('Naam van het gebied') as HTMLInputElement).value).toBe(
      'Woensel-Zuid',
    ),
  )
  return view
}

describe('AdminSettings', () => {
  beforeEach(() => {
    api.saveAreaSettings.mockReset().mockResolvedValue(undefined)
    api.fetchAppConfig.mockReset().mockResolvedValue(WOENSEL)
  })

  it('shows the settings, with every field labelled', async () => {
    await renderForm()
    expect((screen.getByLabelText('Naam van het gebied') as HTMLInputElement).value).toBe(
      'Woensel-Zuid',
    )
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('team@emmer.example')
    expect((screen.getByLabelText('Kom langs (Nederlands)') as HTMLInputElement).value).toBe(
      'Dinsdag 10 tot 12',
    )
    expect((screen.getByLabelText('Kom langs (English)') as HTMLInputElement).value).toBe('')
    expect((screen.getByLabelText('Grens noord') as HTMLInputElement).value).toBe('51.52')
  })

  // Rounded down, so that 4.478 never shows as the 4.5 it does not reach.
  it('previews the contrast of white text on the colour as it is typed', async () => {
    await renderForm()
    const colour = screen.getByLabelText('Kleur van de knoppen en de kop')
    expect(screen.getByText(/contrast 7,83 op 1/)).toBeTruthy()
    await userEvent.clear(colour)
    await userEvent.type(colour, '#777777')
    await waitFor(() => expect(screen.getByText(/contrast 4,47 op 1/)).toBeTruthy())
  })

  it('sends numbers as numbers, leaves empty languages out, and reloads the settings', async () => {
    await renderForm()
    const phone = screen.getByLabelText('Telefoon')
    await userEvent.type(phone, '040 123 45 67')
    const south = screen.getByLabelText('Grens zuid')
    await userEvent.clear(south)
    await userEvent.type(south, '51,4')
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar' }))
    await waitFor(() => expect(api.saveAreaSettings).toHaveBeenCalledTimes(1))
    const sent = api.saveAreaSettings.mock.calls[0][0]
    expect(sent.contact_phone).toBe('040 123 45 67')
    expect(sent.bounds_south).toBe(51.4)
    expect(sent.answer_days).toBe(14)
    expect(sent.walk_in_hours).toEqual({ nl: 'Dinsdag 10 tot 12' })
    await waitFor(() => expect(api.fetchAppConfig).toHaveBeenCalled())
  })

  it("shows the database's refusal in plain words and keeps what was typed", async () => {
    api.saveAreaSettings.mockRejectedValue({
      code: '23514',
      message: 'settings_colour_contrast',
    })
    await renderForm()
    const colour = screen.getByLabelText('Kleur van de knoppen en de kop')
    await userEvent.clear(colour)
    await userEvent.type(colour, '#ffd700')
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar' }))
    expect((await screen.findByTestId('moderation-error')).textContent).toBe(
      'Deze kleur is te licht. Witte tekst is er slecht op te lezen. Kies een donkerdere kleur.',
    )
    expect((colour as HTMLInputElement).value).toBe('#ffd700')
  })
})
