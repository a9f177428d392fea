import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { toApiError } from '@/api/errors'
import { renderWithApp } from '@/testing/render'
import SignInSecondFactor from './SignInSecondFactor.vue'

const api = vi.hoisted(() => ({
  verifiedTotpFactorId: vi.fn(),
  verifyTotp: vi.fn(),
  spendRecoveryCode: vi.fn(),
}))
vi.mock('@/api/mfa', () => api)

describe('SignInSecondFactor', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset()
    api.verifiedTotpFactorId.mockResolvedValue('f1')
  })

  it('asks for the 6-digit code as a one-time code and checks it against the factor', async () => {
    api.verifyTotp.mockResolvedValue(undefined)
    const { emitted } = await renderWithApp(SignInSecondFactor)
    const field = screen.getByLabelText('Code uit je app')
    expect(field.getAttribute('autocomplete')).toBe('one-time-code')
    expect(field.getAttribute('inputmode')).toBe('numeric')
    await userEvent.type(field, '123 456')
    await userEvent.click(screen.getByRole('button', { name: 'Ga verder' }))
    await waitFor(() => expect(emitted().verified).toHaveLength(1))
    expect(api.verifyTotp).toHaveBeenCalledWith('f1', '123456')
  })

  it('says in plain words when the code is too short or wrong, and sends nothing for a short one', async () => {
    api.verifyTotp.mockRejectedValue(
      toApiError({ code: 'mfa_verification_failed', message: 'Invalid TOTP code entered' }),
    )
    const { emitted } = await renderWithApp(SignInSecondFactor)
    await userEvent.type(screen.getByLabelText('Code uit je app'), '123')
    await userEvent.click(screen.getByRole('button', { name: 'Ga verder' }))
    expect(screen.getByText('Typ de 6 cijfers uit je app.')).toBeTruthy()
    expect(api.verifyTotp).not.toHaveBeenCalled()

    await userEvent.type(screen.getByLabelText('Code uit je app'), '456')
    await userEvent.click(screen.getByRole('button', { name: 'Ga verder' }))
    expect(
      await screen.findByText(
        'Deze code klopt niet. Kijk in je app en typ de code die je nu ziet.',
      ),
    ).toBeTruthy()
    expect(emitted().verified).toBeUndefined()
  })

  it('without the phone, takes a recovery code; a wrong one is refused in plain words', async () => {
    api.spendRecoveryCode
      .mockRejectedValueOnce(toApiError({ code: 'P0001', message: 'recovery_code_wrong' }))
      .mockResolvedValueOnce(undefined)
    const { emitted } = await renderWithApp(SignInSecondFactor)
    await userEvent.click(screen.getByRole('button', { name: 'Ik heb mijn telefoon niet' }))
    const field = screen.getByLabelText('Herstelcode')
    await waitFor(() => expect(document.activeElement).toBe(field))
    await userEvent.type(field, 'abcde-fghjk')
    await userEvent.click(screen.getByRole('button', { name: 'Gebruik herstelcode' }))
    expect(await screen.findByText(/Deze herstelcode klopt niet/)).toBeTruthy()
    expect(emitted().recovered).toBeUndefined()
    await userEvent.click(screen.getByRole('button', { name: 'Gebruik herstelcode' }))
    await waitFor(() => expect(emitted().recovered).toHaveLength(1))
    expect(api.spendRecoveryCode).toHaveBeenLastCalledWith('abcde-fghjk')
  })

  it('lets someone on a shared computer go back and sign in with another account', async () => {
    const { emitted } = await renderWithApp(SignInSecondFactor)
    await userEvent.click(screen.getByRole('button', { name: 'Log in met een ander account' }))
    expect(emitted().otherAccount).toHaveLength(1)
    expect(api.verifyTotp).not.toHaveBeenCalled()
  })
})
