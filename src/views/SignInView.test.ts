import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import SignInView from './SignInView.vue'

const auth = vi.hoisted(() => ({
  getSession: vi.fn(async () => null),
  onAuthChange: () => () => undefined,
  signOut: async () => undefined,
  sendEmailCode: vi.fn(),
  verifyEmailCode: vi.fn(),
  signInWithPassword: vi.fn(),
  signUpWithPassword: vi.fn(),
}))
vi.mock('@/api/auth', () => auth)
vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [],
  fetchThemes: async () => [],
  fetchOrganisations: async () => [],
}))
vi.mock('@/api/profiles', () => ({ fetchProfile: async () => null }))

async function signUpWithPassword() {
  await renderWithApp(SignInView)
  await userEvent.click(screen.getByRole('button', { name: 'Log in met een wachtwoord' }))
  await userEvent.type(screen.getByLabelText('Je e-mailadres'), 'noor@example.test')
  await userEvent.type(screen.getByLabelText('Je wachtwoord'), 'noors-password')
  await userEvent.click(screen.getByLabelText('Ik ben nieuw hier'))
  await userEvent.type(screen.getByLabelText('Je naam'), 'Noor')
  await userEvent.click(screen.getByRole('button', { name: 'Maak account' }))
}

describe('SignInView', () => {
  beforeEach(() => {
    auth.signUpWithPassword.mockReset()
    auth.verifyEmailCode.mockReset()
  })

  it('asks calmly for the code when a sign-up with a password waits for it', async () => {
    auth.signUpWithPassword.mockResolvedValue(null)
    auth.verifyEmailCode.mockResolvedValue(null)
    await signUpWithPassword()
    await screen.findByRole('heading', { name: 'We hebben je een code gestuurd' })
    expect(
      screen.getByText(
        'Kijk in je mail bij noor@example.test. Vul de code hieronder in. Dan is je account klaar.',
      ),
    ).toBeTruthy()
    expect(
      screen.getByText(
        'Geen mail gekregen? Misschien heb je al een account. Log dan in met een code.',
      ),
    ).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()

    await userEvent.type(screen.getByLabelText('De code uit je mail'), '123 456')
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    expect(auth.verifyEmailCode).toHaveBeenCalledWith('noor@example.test', '123456')
  })
})
