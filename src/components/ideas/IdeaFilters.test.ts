import { describe, expect, it } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { emptyFilters, type ListFilters } from '@/stores/ideasList'
import { useAppConfigStore } from '@/stores/appConfig'
import { renderWithApp } from '@/testing/render'
import IdeaFilters from './IdeaFilters.vue'

const neighbourhoods = [
  { id: 'n1', slug: 'rapenland', name: 'Rapenland', district: 'Oud-Woensel' },
  { id: 'n2', slug: 'erp', name: 'Erp', district: 'Erp' },
]
const themes = [{ id: 't1', slug: 'veiligheid' }]

async function setup(initial: Partial<ListFilters> = {}, open = true) {
  const updates: ListFilters[] = []
  const view = await renderWithApp(IdeaFilters, {
    props: {
      modelValue: { ...emptyFilters(), ...initial },
      neighbourhoods,
      themes,
      'onUpdate:modelValue': (value: ListFilters) => {
        updates.push(value)
        void view.rerender({ modelValue: value })
      },
    },
  })
  // The theme's name comes from the database (app_config()), as at start.
  const config = useAppConfigStore(view.pinia)
  config.apply({
    ...config.config,
    themes: [
      {
        id: 't1',
        slug: 'veiligheid',
        name: { nl: 'Veiligheid' },
        explanation: { nl: 'Je voelt je veilig in je buurt.' },
      },
    ],
  })
  if (open) await userEvent.click(screen.getByRole('button', { name: /^Filters/ }))
  return updates
}

describe('IdeaFilters', () => {
  it('filters by a buurt or a whole wijk', async () => {
    const updates = await setup()
    const place = screen.getByRole('combobox', { name: 'Buurt of wijk' })
    await userEvent.selectOptions(place, 'n:n1')
    expect(updates.at(-1)?.place).toBe('n:n1')
    await userEvent.selectOptions(place, 'd:Oud-Woensel')
    expect(updates.at(-1)?.place).toBe('d:Oud-Woensel')
  })

  it('filters by theme, kind, status and changes the order', async () => {
    const updates = await setup()
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Thema' }), 't1')
    expect(updates.at(-1)?.themeId).toBe('t1')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Soort' }), 'question')
    expect(updates.at(-1)?.kind).toBe('question')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Wat er gebeurt' }), 'done')
    expect(updates.at(-1)?.status).toBe('done')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Volgorde' }), 'votes')
    expect(updates.at(-1)?.sort).toBe('votes')
  })

  it('searches when the search form is sent', async () => {
    const updates = await setup()
    await userEvent.type(screen.getByRole('searchbox', { name: 'Zoek een idee' }), 'speeltuin')
    await userEvent.click(screen.getByRole('button', { name: 'Zoek' }))
    expect(updates.at(-1)?.q).toBe('speeltuin')
  })

  it('keeps the filters behind one button that says whether they are shown', async () => {
    await setup({}, false)
    const toggle = screen.getByRole('button', { name: 'Filters' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByRole('combobox', { name: 'Thema' })).toBeNull()
    // The search box is never hidden.
    expect(screen.getByRole('searchbox', { name: 'Zoek een idee' })).toBeTruthy()
    await userEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!
    expect(panel.contains(screen.getByRole('combobox', { name: 'Thema' }))).toBe(true)
  })

  it('counts the active filters on the button and shows each as a chip', async () => {
    await setup({ place: 'n:n1', themeId: 't1', q: 'bank' }, false)
    expect(screen.getByRole('button', { name: 'Filters 2 filters aan' })).toBeTruthy()
    const chips = screen.getByRole('list', { name: 'Filters die aan staan' })
    expect(chips.textContent).toContain('Rapenland')
    expect(chips.textContent).toContain('Veiligheid')
    expect(chips.textContent).toContain('bank')
  })

  it('removes a filter with its chip and moves focus to the next chip, then to the button', async () => {
    const updates = await setup({ place: 'n:n1', themeId: 't1' }, false)
    await userEvent.click(
      screen.getByRole('button', { name: 'Haal dit filter weg: Buurt of wijk: Rapenland' }),
    )
    expect(updates.at(-1)).toEqual({ ...emptyFilters(), themeId: 't1' })
    const theme = await screen.findByRole('button', { name: /Haal dit filter weg: Thema/ })
    expect(document.activeElement).toBe(theme)
    await userEvent.click(theme)
    expect(updates.at(-1)).toEqual(emptyFilters())
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Filters' })),
    )
    expect(screen.queryByRole('list', { name: 'Filters die aan staan' })).toBeNull()
  })
})
