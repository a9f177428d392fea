import { describe, expect, it } from 'vitest'
import { screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { emptyFilters, type ListFilters } from '@/stores/ideasList'
import { renderWithApp } from '@/testing/render'
import IdeaFilters from './IdeaFilters.vue'

const neighbourhoods = [
  { id: 'n1', slug: 'rapenland', name: 'Rapenland', district: 'Oud-Woensel' },
  { id: 'n2', slug: 'erp', name: 'Erp', district: 'Erp' },
]
const themes = [{ id: 't1', slug: 'veiligheid' }]

async function setup() {
  const updates: ListFilters[] = []
  await renderWithApp(IdeaFilters, {
    props: {
      modelValue: emptyFilters(),
      neighbourhoods,
      themes,
      'onUpdate:modelValue': (value: ListFilters) => updates.push(value),
    },
  })
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
})
