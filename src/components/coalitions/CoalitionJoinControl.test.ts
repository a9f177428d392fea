import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { toApiError } from '@/api/errors'
import { renderWithApp } from '@/testing/render'
import CoalitionJoinControl from './CoalitionJoinControl.vue'

const api = vi.hoisted(() => ({ joinCoalition: vi.fn(), leaveCoalition: vi.fn() }))
vi.mock('@/api/coalitions', () => api)

const coalition = { id: 'c1', name: 'Groen in Limbeek' }
const resident = { id: 'r1', role: 'resident' as const }
const partner = { id: 'p1', role: 'partner' as const }
// What PostgREST answers when the balance check refuses (see tests/db/coalition-join.test.ts).
const majority = () =>
  toApiError({
    code: 'P0001',
    message: 'coalition_partner_majority',
    details: 'A coalition may not have more partners (2) than residents (1).',
    hint: 'coalition_partner_majority',
  })

describe('CoalitionJoinControl', () => {
  beforeEach(() => {
    api.joinCoalition.mockReset()
    api.leaveCoalition.mockReset()
  })

  it('lets a resident join, then offers to stop with the focus on that button', async () => {
    api.joinCoalition.mockResolvedValue(undefined)
    const { emitted } = await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: resident, signedIn: true, joined: false },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Doe mee Groen in Limbeek' }))
    expect(api.joinCoalition).toHaveBeenCalledWith('c1', resident)
    expect(screen.getByTestId('joined').textContent).toBe('Je doet mee.')
    const stop = screen.getByRole('button', { name: 'Stop met meedoen Groen in Limbeek' })
    await waitFor(() => expect(document.activeElement).toBe(stop))
    expect(emitted().changed).toEqual([[true]])
  })

  it('asks before leaving; "no" keeps the membership and leaves nothing sent', async () => {
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: resident, signedIn: true, joined: true },
    })
    await userEvent.click(screen.getByRole('button', { name: /Stop met meedoen/ }))
    const question = screen.getByRole('group', {
      name: 'Wil je niet meer meedoen met Groen in Limbeek?',
    })
    await waitFor(() => expect(question.contains(document.activeElement)).toBe(true))
    await userEvent.click(screen.getByRole('button', { name: 'Nee, ik doe nog mee' }))
    expect(api.leaveCoalition).not.toHaveBeenCalled()
    expect(screen.queryByRole('group')).toBeNull()
    const stop = screen.getByRole('button', { name: /Stop met meedoen/ })
    await waitFor(() => expect(document.activeElement).toBe(stop))
  })

  it('leaves after "yes" and offers to join again', async () => {
    api.leaveCoalition.mockResolvedValue(undefined)
    const { emitted } = await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: resident, signedIn: true, joined: true },
    })
    await userEvent.click(screen.getByRole('button', { name: /Stop met meedoen/ }))
    await userEvent.click(screen.getByRole('button', { name: 'Ja, ik stop' }))
    expect(api.leaveCoalition).toHaveBeenCalledWith('c1', 'r1')
    const join = await screen.findByRole('button', { name: /Doe mee/ })
    await waitFor(() => expect(document.activeElement).toBe(join))
    expect(screen.queryByTestId('joined')).toBeNull()
    expect(emitted().changed).toEqual([[false]])
  })

  it('shows the refusal in plain words when a partner would outnumber the residents', async () => {
    api.joinCoalition.mockRejectedValue(majority())
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: partner, signedIn: true, joined: false },
    })
    await userEvent.click(screen.getByRole('button', { name: /Doe mee/ }))
    expect(api.joinCoalition).toHaveBeenCalledWith('c1', partner)
    const alert = await screen.findByRole('alert')
    expect(screen.getByTestId('join-problem').textContent).toBe(
      'Er doen nu genoeg organisaties mee. Eerst moeten er meer bewoners bij.',
    )
    expect(alert.textContent).toContain('Zo praten bewoners altijd mee.')
    expect(screen.queryByTestId('joined')).toBeNull()
  })

  it('explains why the last resident beside an organisation cannot stop yet', async () => {
    api.leaveCoalition.mockRejectedValue(majority())
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: resident, signedIn: true, joined: true },
    })
    await userEvent.click(screen.getByRole('button', { name: /Stop met meedoen/ }))
    await userEvent.click(screen.getByRole('button', { name: 'Ja, ik stop' }))
    expect((await screen.findByTestId('join-problem')).textContent).toBe(
      'Je kunt nu nog niet stoppen. Dan doen er meer organisaties mee dan bewoners.',
    )
    expect(screen.getByTestId('joined').textContent).toBe('Je doet mee.')
  })

  it('says a kind that does not fit the role is refused, and other errors plainly', async () => {
    api.joinCoalition.mockRejectedValueOnce(
      toApiError({ code: 'P0001', message: 'coalition_member_kind_mismatch' }),
    )
    api.joinCoalition.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: partner, signedIn: true, joined: false },
    })
    await userEvent.click(screen.getByRole('button', { name: /Doe mee/ }))
    expect((await screen.findByTestId('join-problem')).textContent).toContain(
      'Iemand van een organisatie doet mee als organisatie',
    )
    await userEvent.click(screen.getByRole('button', { name: /Doe mee/ }))
    await waitFor(() =>
      expect(screen.getByTestId('join-problem').textContent).toContain('geen verbinding'),
    )
  })

  it('asks a resident without a confirmed e-mail address to confirm it first', async () => {
    api.joinCoalition.mockRejectedValueOnce(
      toApiError({ code: 'P0001', message: 'coalition_resident_unconfirmed' }),
    )
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: resident, signedIn: true, joined: false },
    })
    await userEvent.click(screen.getByRole('button', { name: /Doe mee/ }))
    expect((await screen.findByTestId('join-problem')).textContent).toContain(
      'Bevestig eerst je e-mailadres.',
    )
  })

  it('sends visitors to sign in and back to the coalitions page', async () => {
    await renderWithApp(CoalitionJoinControl, {
      props: { coalition, me: null, signedIn: false, joined: false },
    })
    expect(screen.queryByRole('button')).toBeNull()
    const link = screen.getByRole('link', { name: 'Log in om mee te doen.' })
    expect(link.getAttribute('href')).toBe('/inloggen?next=/coalities')
  })

  it('shows no button to the team (they add people on their own page)', async () => {
    await renderWithApp(CoalitionJoinControl, {
      props: {
        coalition,
        me: { id: 'm1', role: 'moderator' as const },
        signedIn: true,
        joined: false,
      },
    })
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.queryByRole('link')).toBeNull()
  })
})
