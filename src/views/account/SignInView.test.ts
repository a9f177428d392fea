import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import type { Session } from '@supabase/supabase-js'
import { renderWithApp } from '@/testing/render'
import SignInView from './SignInView.vue'

const auth = vi.hoisted(() => {
  const listeners: ((s: unknown) => void)[] = []
  return {
    listeners,
    getSession: vi.fn(async () => null as unknown),
    onAuthChange: (cb: (s: unknown) => void) => {
      listeners.push(cb)
      return () => undefined
    },
    signOut: async () => undefined,
    sendEmailCode: vi.fn(async () => undefined),
    verifyEmailCode: vi.fn(),
    signInWithPassword: vi.fn(),
    sessionFromHash: vi.fn(async () => false),
    chooseName: vi.fn(async () => undefined),
    getClaims: async (s: { user: { id: string } }) => ({ sub: s.user.id, aal: 'aal1' }),
  }
})
vi.mock('@/api/auth', () => auth)
vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [],
  fetchThemes: async () => [],
  fetchOrganisations: async () => [],
}))
vi.mock('@/api/profiles', () => ({ fetchProfile: async () => null }))

/** A session as supabase-js hands it over: aal1, with the metadata given. */
function sessionWith(meta: Record<string, unknown>): Session {
  const payload = btoa(JSON.stringify({ aal: 'aal1' }))
  return {
    access_token: `x.${payload}.y`,
    user: { id: 'u1', user_metadata: meta, factors: [] },
  } as unknown as Session
}

async function signInByCode(path: string, meta: Record<string, unknown>) {
  const view = await renderWithApp(SignInView, {}, path)
  await userEvent.type(await screen.findByLabelText('Je e-mailadres'), 'noor@example.test')
  await userEvent.click(screen.getByRole('button', { name: 'Stuur mij een code' }))
  await userEvent.type(await screen.findByLabelText('De code uit je mail'), '123 456')
  auth.verifyEmailCode.mockImplementation(async () => {
    for (const cb of auth.listeners) cb(sessionWith(meta))
    return null
  })
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
  return view
}

describe('SignInView: one way in', () => {
  beforeEach(() => {
    auth.listeners.length = 0
    for (const fn of [auth.sendEmailCode, auth.verifyEmailCode, auth.chooseName]) fn.mockClear()
    auth.getSession.mockResolvedValue(null)
  })

  it('asks only for an address: no "new here" box, a code for everyone', async () => {
    await renderWithApp(SignInView, {}, '/inloggen')
    expect(screen.queryByRole('checkbox')).toBeNull()
    expect(screen.queryByLabelText('Je naam')).toBeNull()
    expect(
      screen.getByText('Ben je hier nieuw? Ook dan krijg je een code. Daarna kies je je naam.'),
    ).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Stuur mij een code' }))
    expect(await screen.findByText('Vul je e-mailadres in.')).toBeTruthy()
    expect(auth.sendEmailCode).not.toHaveBeenCalled()
    await userEvent.type(screen.getByLabelText('Je e-mailadres'), ' noor@example.test ')
    await userEvent.click(screen.getByRole('button', { name: 'Stuur mij een code' }))
    expect(auth.sendEmailCode).toHaveBeenCalledWith('noor@example.test', '/mijn', 'nl')
    expect(
      await screen.findByText(
        'We hebben een mail gestuurd naar noor@example.test. Daar staat een code in.',
      ),
    ).toBeTruthy()
  })

  it('asks a new person for a name and buurt after the code, then goes back to the page', async () => {
    const { router } = await signInByCode('/inloggen?next=%2Fidee%2F7', {})
    expect(await screen.findByRole('heading', { name: 'Kies je naam', level: 1 })).toBeTruthy()
    expect(screen.getByLabelText('In welke buurt woon je?')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Klaar' }))
    expect(await screen.findByText('Vul een naam in. Een bijnaam mag ook.')).toBeTruthy()
    expect(auth.chooseName).not.toHaveBeenCalled()
    await userEvent.type(screen.getByLabelText('Je naam'), 'Noor')
    await userEvent.click(screen.getByRole('button', { name: 'Klaar' }))
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/idee/7'))
    expect(auth.chooseName).toHaveBeenCalledWith('u1', 'Noor', null)
  })

  it('sends someone who has a name straight back, never to another site', async () => {
    const { router } = await signInByCode('/inloggen?next=https%3A%2F%2Fevil.example%2F', {
      display_name: 'Noor',
    })
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/mijn'))
    expect(auth.chooseName).not.toHaveBeenCalled()
  })

  it('offers the code calmly when a link is opened in another browser', async () => {
    await renderWithApp(SignInView, {}, '/inloggen?code=5f1c2a9e-0000-4000-8000-000000000000')
    expect(await screen.findByRole('heading', { name: 'Typ de code uit je mail' })).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    await userEvent.type(screen.getByLabelText('Je e-mailadres'), 'noor@example.test')
    await userEvent.type(screen.getByLabelText('De code uit je mail'), '654321')
    auth.verifyEmailCode.mockResolvedValue(null)
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    expect(auth.verifyEmailCode).toHaveBeenCalledWith('noor@example.test', '654321')
  })

  it('says so when the link no longer works', async () => {
    await renderWithApp(SignInView, {}, '/inloggen?error_code=otp_expired')
    expect(await screen.findByRole('heading', { name: 'Deze link werkt niet meer' })).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Stuur mij een nieuwe code' }))
    expect(screen.getByRole('button', { name: 'Stuur mij een code' })).toBeTruthy()
  })
})
