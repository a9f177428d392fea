import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import type { Session } from '@supabase/supabase-js'
import { assuranceOf } from '@/api/mfa'
import { renderWithApp } from '@/testing/render'
import { useSessionStore } from '@/stores/session'
import MySecondFactor from './MySecondFactor.vue'

const api = vi.hoisted(() => ({
  enrollTotp: vi.fn(),
  verifyTotp: vi.fn(),
  createRecoveryCodes: vi.fn(),
  removeOwnFactor: vi.fn(),
  verifiedTotpFactorId: vi.fn(),
}))
vi.mock('@/api/mfa', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/mfa')>()),
  ...api,
}))

/** A session as Auth returns it: the token's aal, and the user's factors. */
function fakeSession(aal: 'aal1' | 'aal2', verified: boolean): Session {
  const payload = btoa(JSON.stringify({ sub: 'u1', aal })).replace(/=+$/, '')
  return {
    access_token: `x.${payload}.y`,
    user: {
      id: 'u1',
      factors: verified
        ? [{ id: 'f1', factor_type: 'totp', status: 'verified', created_at: '', updated_at: '' }]
        : [],
    },
  } as unknown as Session
}

const CODES = Array.from({ length: 10 }, (_, i) => `abcd${i}-efgh${i}`.replace(/[01]/g, 'x'))

async function renderAs(role: 'moderator' | 'admin', aal: 'aal1' | 'aal2', verified: boolean) {
  const rendered = await renderWithApp(MySecondFactor)
  const session = useSessionStore(rendered.pinia)
  session.session = fakeSession(aal, verified)
  session.claims = { sub: 'u1', aal }
  session.profile = { id: 'u1', role } as never
  return rendered
}

describe('assuranceOf', () => {
  it('reads aal from the verified claims and the next level from verified factors, as auth-js does', () => {
    const claims = (aal: 'aal1' | 'aal2') => ({ sub: 'u1', aal })
    expect(assuranceOf(null, null)).toEqual({ current: null, next: null })
    const at = (aal: 'aal1' | 'aal2', verified: boolean) =>
      assuranceOf(fakeSession(aal, verified), claims(aal))
    expect(at('aal1', false)).toEqual({ current: 'aal1', next: 'aal1' })
    expect(at('aal1', true)).toEqual({ current: 'aal1', next: 'aal2' })
    expect(at('aal2', true)).toEqual({ current: 'aal2', next: 'aal2' })
    // An unverified token (no claims) is at no level, whatever it says.
    expect(assuranceOf(fakeSession('aal2', true), null)).toEqual({ current: null, next: 'aal2' })
  })
})

describe('MySecondFactor', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset()
  })

  it('links an app: QR code and typed secret, checks the code, then shows the recovery codes once', async () => {
    api.enrollTotp.mockResolvedValue({
      factorId: 'f9',
      qrCode: 'data:image/svg+xml;utf-8,<svg></svg>',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    })
    api.verifyTotp.mockResolvedValue(undefined)
    api.createRecoveryCodes.mockResolvedValue(CODES)
    await renderAs('admin', 'aal1', false)
    expect(
      screen.getByText('Je bent beheerder. Daarvoor heb je extra beveiliging nodig.'),
    ).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Zet extra beveiliging aan' }))

    const qr = await screen.findByRole('img', { name: 'QR-code om Emmer aan je app toe te voegen' })
    expect(qr.getAttribute('src')).toBe('data:image/svg+xml;utf-8,<svg></svg>')
    expect(screen.getByTestId('totp-secret').textContent).toBe(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    )
    const field = screen.getByLabelText('Code uit je app')
    expect(field.getAttribute('autocomplete')).toBe('one-time-code')
    await userEvent.type(field, '654321')
    await userEvent.click(screen.getByRole('button', { name: 'Controleer de code' }))

    const list = await screen.findByTestId('recovery-codes')
    expect(api.verifyTotp).toHaveBeenCalledWith('f9', '654321')
    expect(list.querySelectorAll('li')).toHaveLength(10)
    expect(screen.getByText(/Je ziet ze maar één keer/)).toBeTruthy()
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Je herstelcodes'))
    await userEvent.click(screen.getByRole('button', { name: 'Ik heb de codes bewaard' }))
    expect(screen.queryByTestId('recovery-codes')).toBeNull()
  })

  it('a wrong first code shows a plain error and no recovery codes', async () => {
    api.enrollTotp.mockResolvedValue({ factorId: 'f9', qrCode: 'data:,', secret: 'ABCD' })
    api.verifyTotp.mockRejectedValue({ code: 'mfa_verification_failed', status: 422 })
    await renderAs('moderator', 'aal1', false)
    await userEvent.click(screen.getByRole('button', { name: 'Zet extra beveiliging aan' }))
    await userEvent.type(await screen.findByLabelText('Code uit je app'), '111111')
    await userEvent.click(screen.getByRole('button', { name: 'Controleer de code' }))
    expect(await screen.findByText(/Deze code klopt niet/)).toBeTruthy()
    expect(api.createRecoveryCodes).not.toHaveBeenCalled()
  })

  it('when on, at aal1 asks for the code first; at aal2 offers new codes and turning it off', async () => {
    await renderAs('moderator', 'aal1', true)
    expect(screen.getByText(/Extra beveiliging staat aan/)).toBeTruthy()
    expect(screen.getByText(/Log eerst in met de code uit je app/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Zet extra beveiliging uit' })).toBeNull()
  })

  it('at aal2 a moderator can turn it off', async () => {
    api.verifiedTotpFactorId.mockResolvedValue('f1')
    api.removeOwnFactor.mockResolvedValue(undefined)
    await renderAs('moderator', 'aal2', true)
    await userEvent.click(screen.getByRole('button', { name: 'Zet extra beveiliging uit' }))
    await waitFor(() => expect(api.removeOwnFactor).toHaveBeenCalledWith('f1'))
  })
})
