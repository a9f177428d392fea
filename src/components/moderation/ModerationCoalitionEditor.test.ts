import { describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import ModerationCoalitionEditor from './ModerationCoalitionEditor.vue'
import { balanceAfter, balanceOf } from '@/lib/coalitionBalance'

const api = vi.hoisted(() => ({
  listMembers: vi.fn(),
  searchPeople: vi.fn(),
  addMember: vi.fn(),
  removeMember: vi.fn(),
  createCoalition: vi.fn(),
  updateCoalition: vi.fn(),
}))
vi.mock('@/api/moderation', () => api)

const coalition = { id: 'c1', name: 'Groen Woensel', description: '', theme_id: null }

describe('coalition balance', () => {
  it('allows as many partners as residents, never more', () => {
    expect(balanceOf(['resident', 'partner'])).toEqual({ residents: 1, partners: 1, ok: true })
    expect(balanceAfter(['resident', 'partner'], { add: 'partner' }).ok).toBe(false)
    expect(balanceAfter(['resident', 'partner'], { remove: 'resident' }).ok).toBe(false)
    expect(balanceAfter(['resident', 'partner'], { add: 'resident' }).ok).toBe(true)
  })

  it('counts team members on neither side', () => {
    expect(balanceOf(['team', 'team', 'partner'])).toEqual({ residents: 0, partners: 1, ok: false })
    expect(balanceAfter(['resident', 'partner'], { add: 'team' })).toEqual({
      residents: 1,
      partners: 1,
      ok: true,
    })
    expect(balanceAfter(['resident', 'team', 'partner'], { remove: 'resident' }).ok).toBe(false)
  })
})

describe('ModerationCoalitionEditor', () => {
  it('shows before saving that a second partner beside one resident breaks the rule, and the plain refusal', async () => {
    api.listMembers.mockResolvedValue([
      {
        profile_id: 'r1',
        member_kind: 'resident',
        profile: { id: 'r1', display_name: 'Sanne', role: 'resident', organisation_id: null },
      },
      {
        profile_id: 'p1',
        member_kind: 'partner',
        profile: { id: 'p1', display_name: 'Roy', role: 'partner', organisation_id: null },
      },
    ])
    api.searchPeople.mockResolvedValue([
      { id: 'p2', display_name: 'Lotte', role: 'partner', organisation_id: null },
    ])
    api.addMember.mockRejectedValue({ message: 'coalition_partner_majority' })

    await renderWithApp(ModerationCoalitionEditor, { props: { coalition } })
    await waitFor(() =>
      expect(screen.getByTestId('balance').textContent).toContain('1 bewoner en 1 organisatie'),
    )
    await userEvent.type(screen.getByLabelText('Zoek een bewoner of organisatie'), 'Lo')
    await userEvent.click(
      await screen.findByRole('button', { name: /Kies\s+Lotte/ }, { timeout: 2000 }),
    )

    const preview = screen.getByTestId('rule-preview')
    expect(preview.textContent).toContain('Als je Lotte toevoegt:')
    expect(preview.textContent).toContain('1 bewoner en 2 organisaties')
    expect(preview.textContent).toContain('Dat mag niet.')

    await userEvent.click(screen.getByRole('button', { name: 'Voeg toe' }))
    expect((await screen.findByTestId('moderation-error')).textContent).toBe(
      'Dit kan niet. Dan zitten er meer organisaties dan bewoners in de coalitie. Voeg eerst een bewoner toe.',
    )
    expect(api.addMember).toHaveBeenCalledWith('c1', 'p2', 'partner')
  })

  it('says adding a resident keeps the rule, and tells the page once added', async () => {
    api.listMembers.mockResolvedValue([])
    api.searchPeople.mockResolvedValue([
      { id: 'r2', display_name: 'Fatma', role: 'resident', organisation_id: null },
    ])
    const { emitted } = await renderWithApp(ModerationCoalitionEditor, { props: { coalition } })
    await userEvent.type(screen.getByLabelText('Zoek een bewoner of organisatie'), 'Fa')
    await userEvent.click(
      await screen.findByRole('button', { name: /Kies\s+Fatma/ }, { timeout: 2000 }),
    )
    expect(screen.getByTestId('rule-preview').textContent).toContain(
      'Dat mag: er zijn niet meer organisaties dan bewoners.',
    )

    // Once added, the page hears of it (to read the "needs residents" list again).
    api.addMember.mockResolvedValue(undefined)
    await userEvent.click(screen.getByRole('button', { name: 'Voeg toe' }))
    expect(api.addMember).toHaveBeenCalledWith('c1', 'r2', 'resident')
    await waitFor(() => expect(emitted().membersChanged).toEqual([[]]))
  })

  it('finds a moderator too, and adds them as a team member that counts on neither side', async () => {
    api.listMembers.mockResolvedValue([])
    api.searchPeople.mockResolvedValue([
      { id: 'm1', display_name: 'Mira', role: 'moderator', organisation_id: null },
    ])
    await renderWithApp(ModerationCoalitionEditor, { props: { coalition } })
    await userEvent.type(screen.getByLabelText('Zoek een bewoner of organisatie'), 'Mi')
    const choose = await screen.findByRole('button', { name: /Kies\s+Mira/ }, { timeout: 2000 })
    expect(choose.closest('li')?.textContent).toContain('Team (telt niet mee)')
    await userEvent.click(choose)
    expect(screen.getByTestId('rule-preview').textContent).toContain('0 bewoners en 0 organisaties')

    api.addMember.mockResolvedValue(undefined)
    await userEvent.click(screen.getByRole('button', { name: 'Voeg toe' }))
    expect(api.addMember).toHaveBeenCalledWith('c1', 'm1', 'team')
  })
})
