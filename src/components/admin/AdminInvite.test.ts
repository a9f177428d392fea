import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { renderWithApp } from '@/testing/render'
import { useAnnouncerStore } from '@/stores/announcer'
import AdminInvite from './AdminInvite.vue'

const WOONBEDRIJF = '30000000-0000-4000-8000-000000000005'

const api = vi.hoisted(() => ({ inviteTeamMember: vi.fn() }))
vi.mock('@/api/invites', () => api)
vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [],
  fetchThemes: async () => [],
  fetchOrganisations: async () => [
    { id: '30000000-0000-4000-8000-000000000005', name: 'Woonbedrijf', slug: 'woonbedrijf' },
  ],
}))

describe('AdminInvite', () => {
  beforeEach(() => {
    api.inviteTeamMember.mockReset().mockResolvedValue(undefined)
  })

  it('invites a moderator, says a mail is on its way and announces it', async () => {
    const { pinia } = await renderWithApp(AdminInvite)
    await userEvent.type(screen.getByLabelText('E-mailadres'), ' nieuw@example.test ')
    expect((screen.getByLabelText('Rol') as HTMLSelectElement).value).toBe('moderator')
    expect(screen.queryByLabelText('Organisatie')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Nodig uit' }))
    await waitFor(() => expect(api.inviteTeamMember).toHaveBeenCalledTimes(1))
    expect(api.inviteTeamMember).toHaveBeenCalledWith('nieuw@example.test', 'moderator', null)
    const sent = await screen.findByTestId('invite-sent')
    expect(sent.textContent).toContain('nieuw@example.test krijgt nu een mail')
    expect(sent.closest('[role="status"]')).not.toBeNull()
    await waitFor(() => expect(useAnnouncerStore(pinia).message).toContain('nieuw@example.test'))
    expect((screen.getByLabelText('E-mailadres') as HTMLInputElement).value).toBe('')
  })

  it('asks a partner for their organisation before sending, then sends it', async () => {
    await renderWithApp(AdminInvite)
    await userEvent.type(screen.getByLabelText('E-mailadres'), 'partner@example.test')
    await userEvent.selectOptions(screen.getByLabelText('Rol'), 'partner')
    const organisation = screen.getByLabelText('Organisatie') as HTMLSelectElement
    await userEvent.click(screen.getByRole('button', { name: 'Nodig uit' }))
    expect(await screen.findByText('Kies de organisatie van deze persoon.')).toBeTruthy()
    expect(organisation.getAttribute('aria-invalid')).toBe('true')
    expect(api.inviteTeamMember).not.toHaveBeenCalled()

    await waitFor(() => expect(organisation.options.length).toBe(2))
    await userEvent.selectOptions(organisation, WOONBEDRIJF)
    await userEvent.click(screen.getByRole('button', { name: 'Nodig uit' }))
    await waitFor(() =>
      expect(api.inviteTeamMember).toHaveBeenCalledWith(
        'partner@example.test',
        'partner',
        WOONBEDRIJF,
      ),
    )
  })

  it('refuses a wrong address with a clear message, and sends nothing', async () => {
    await renderWithApp(AdminInvite)
    const field = screen.getByLabelText('E-mailadres')
    await userEvent.type(field, 'geen-adres')
    await userEvent.click(screen.getByRole('button', { name: 'Nodig uit' }))
    expect(
      await screen.findByText('Dit e-mailadres klopt niet. Kijk het nog eens na.'),
    ).toBeTruthy()
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect((field as HTMLInputElement).value).toBe('geen-adres')
    expect(api.inviteTeamMember).not.toHaveBeenCalled()
  })

  it('says in words what the database refused, and keeps what was typed', async () => {
    api.inviteTeamMember.mockRejectedValue(
      new ApiError('secondFactorRequired', undefined, { message: 'second_factor_required' }),
    )
    await renderWithApp(AdminInvite)
    await userEvent.type(screen.getByLabelText('E-mailadres'), 'nieuw@example.test')
    await userEvent.click(screen.getByRole('button', { name: 'Nodig uit' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Hiervoor heb je de code uit je app nodig.')
    expect(screen.queryByTestId('invite-sent')).toBeNull()
    expect((screen.getByLabelText('E-mailadres') as HTMLInputElement).value).toBe(
      'nieuw@example.test',
    )
  })
})
