import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useSessionStore } from './session'

const api = vi.hoisted(() => ({
  getSession: vi.fn(),
  onAuthChange: vi.fn(),
  signOut: vi.fn(),
  fetchProfile: vi.fn(),
  updateProfile: vi.fn(),
  assuranceOf: vi.fn(),
  getClaims: vi.fn(),
}))
vi.mock('@/api/auth', () => ({
  getSession: api.getSession,
  onAuthChange: api.onAuthChange,
  signOut: api.signOut,
  getClaims: api.getClaims,
}))
vi.mock('@/api/profiles', () => ({
  fetchProfile: api.fetchProfile,
  updateProfile: api.updateProfile,
}))
vi.mock('@/api/mfa', () => ({ assuranceOf: api.assuranceOf }))

const sessionOf = (id: string) => ({ user: { id, email: `${id}@example.test`, user_metadata: {} } })

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.assuranceOf.mockReturnValue({ current: 'aal1', next: 'aal1' })
    // Claims as Auth verified them (getClaims); the store reads aal from them, not from the token.
    api.getClaims.mockImplementation(async (s: { user: { id: string } }) => ({
      sub: s.user.id,
      aal: 'aal1',
    }))
  })

  it('starts once, loads the profile, and follows sign-in and sign-out elsewhere', async () => {
    let changed: (s: unknown) => void = () => {}
    api.onAuthChange.mockImplementation((cb: (s: unknown) => void) => (changed = cb))
    api.getSession.mockResolvedValue(sessionOf('u1'))
    api.fetchProfile.mockResolvedValue({ id: 'u1', display_name: 'Sanne', role: 'resident' })
    const session = useSessionStore()
    await Promise.all([session.start(), session.start()])
    expect(api.getSession).toHaveBeenCalledOnce()
    expect(session.ready).toBe(true)
    expect(session.userId).toBe('u1')
    expect(session.displayName).toBe('Sanne')

    // The same person again (a token refresh) does not load the profile again.
    changed(sessionOf('u1'))
    expect(api.fetchProfile).toHaveBeenCalledOnce()
    changed(null)
    await vi.waitFor(() => expect(session.profile).toBeNull())
    expect(session.signedIn).toBe(false)
  })

  it('still starts when the session cannot be read, as a visitor', async () => {
    api.getSession.mockRejectedValue(new Error('offline'))
    const session = useSessionStore()
    await session.start()
    expect(session.ready).toBe(true)
    expect(session.signedIn).toBe(false)
  })

  it('asks for the code from the app when the account has a second factor', async () => {
    api.getSession.mockResolvedValue(sessionOf('u1'))
    api.fetchProfile.mockResolvedValue(null)
    api.assuranceOf.mockReturnValue({ current: 'aal1', next: 'aal2' })
    const session = useSessionStore()
    await session.start()
    expect(session.needsSecondFactor).toBe(true)
    expect(session.displayName).toBe('u1@example.test')
  })

  it('saves the own profile and shows the change; a refusal leaves it as it was', async () => {
    api.onAuthChange.mockImplementation(() => undefined)
    api.getSession.mockResolvedValue(sessionOf('u1'))
    api.fetchProfile.mockResolvedValue({ id: 'u1', display_name: 'Sanne', locale: 'nl' })
    const session = useSessionStore()
    await session.start()
    await session.saveProfile({ locale: 'tr' })
    expect(api.updateProfile).toHaveBeenCalledWith('u1', { locale: 'tr' })
    expect(session.profile?.locale).toBe('tr')
    api.updateProfile.mockRejectedValue(new Error('refused'))
    await expect(session.saveProfile({ display_name: 'X' })).rejects.toThrow('refused')
    expect(session.displayName).toBe('Sanne')
  })

  it('saves nothing when signed out', async () => {
    api.getSession.mockResolvedValue(null)
    const session = useSessionStore()
    await session.start()
    await session.saveProfile({ locale: 'tr' })
    expect(api.updateProfile).not.toHaveBeenCalled()
  })
})
