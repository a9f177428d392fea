import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import ModerationCoalitionsNeedingResidents from './ModerationCoalitionsNeedingResidents.vue'

const api = vi.hoisted(() => ({ listCoalitionsNeedingResidents: vi.fn() }))
vi.mock('@/api/moderation', () => api)

describe('ModerationCoalitionsNeedingResidents', () => {
  beforeEach(() => api.listCoalitionsNeedingResidents.mockReset())

  it('lists the coalitions that need residents, with a plain note, and opens one', async () => {
    api.listCoalitionsNeedingResidents.mockResolvedValue([
      { id: 'c1', name: 'Groen in Limbeek', partners: 1, residents: 0 },
    ])
    const { emitted } = await renderWithApp(ModerationCoalitionsNeedingResidents)
    const list = await screen.findByTestId('needing-residents')
    expect(list.textContent).toContain('Groen in Limbeek')
    expect(list.textContent).toContain('Nu: 0 bewoners en 1 organisatie.')
    expect(screen.getByRole('status').textContent).toContain(
      'Hier doen meer organisaties mee dan bewoners.',
    )
    expect(screen.getByRole('heading', { name: 'Deze coalities zoeken bewoners' })).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Bekijk Groen in Limbeek' }))
    expect(emitted().open).toEqual([['c1']])
  })

  it('says who does not count: team members and residents without a confirmed address', async () => {
    api.listCoalitionsNeedingResidents.mockResolvedValue([
      { id: 'c3', name: 'Samen koken', partners: 1, residents: 0, team: 2, unconfirmed: 1 },
    ])
    await renderWithApp(ModerationCoalitionsNeedingResidents)
    const list = await screen.findByTestId('needing-residents')
    expect(list.textContent).toContain(
      'Telt niet mee: 2 van het team, 1 zonder bevestigd e-mailadres.',
    )
    expect(screen.getByRole('status').textContent).toContain(
      'We veranderen zelf niets aan deze coalities.',
    )
  })

  it('says so when every coalition has enough residents, and lists nothing', async () => {
    api.listCoalitionsNeedingResidents.mockResolvedValue([])
    await renderWithApp(ModerationCoalitionsNeedingResidents)
    expect((await screen.findByTestId('needing-none')).textContent?.trim()).toBe(
      'Alle coalities hebben genoeg bewoners.',
    )
    expect(screen.queryByTestId('needing-residents')).toBeNull()
  })

  it('shows a plain error with a retry when the list cannot be read', async () => {
    api.listCoalitionsNeedingResidents
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce([{ id: 'c2', name: 'Veilig naar school', partners: 2, residents: 1 }])
    await renderWithApp(ModerationCoalitionsNeedingResidents)
    expect((await screen.findByRole('alert')).textContent).toContain('geen verbinding')
    await userEvent.click(screen.getByRole('button', { name: 'Probeer het opnieuw' }))
    await waitFor(() =>
      expect(screen.getByTestId('needing-residents').textContent).toContain('Veilig naar school'),
    )
  })
})
