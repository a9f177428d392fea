import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import VoteButton from './VoteButton.vue'

const api = vi.hoisted(() => ({ vote: vi.fn(), unvote: vi.fn() }))
vi.mock('@/api/votes', () => api)

describe('VoteButton', () => {
  beforeEach(() => {
    api.vote.mockReset()
    api.unvote.mockReset()
  })

  it('votes, shows the new count and marks the button pressed', async () => {
    api.vote.mockResolvedValue(undefined)
    await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 4, voted: false, signedIn: true },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Stem' }))
    expect(api.vote).toHaveBeenCalledWith('i1')
    expect(screen.getByText('5 stemmen')).toBeTruthy()
    const pressed = await screen.findByRole('button', { name: 'Je hebt gestemd' })
    expect(pressed.getAttribute('aria-pressed')).toBe('true')
  })

  it('takes the vote back when pressed again', async () => {
    api.unvote.mockResolvedValue(undefined)
    await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 2, voted: true, signedIn: true },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Je hebt gestemd' }))
    expect(api.unvote).toHaveBeenCalledWith('i1')
    expect(screen.getByText('1 stem')).toBeTruthy()
  })

  it('restores the count and explains in plain words when the vote fails', async () => {
    api.vote.mockRejectedValue(new TypeError('Failed to fetch'))
    await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 1, voted: false, signedIn: true },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Stem' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('geen verbinding'))
    expect(screen.getByText('1 stem')).toBeTruthy()
  })

  it('asks visitors to sign in instead of showing the button', async () => {
    await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 0, voted: false, signedIn: false },
    })
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.getByRole('link', { name: 'Log in om te stemmen.' })).toBeTruthy()
  })

  it('brings visitors back to the idea they were on after signing in', async () => {
    const { router } = await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 0, voted: false, signedIn: false },
    })
    await router.push('/idee/i1?uit=lijst')
    const link = screen.getByRole('link', { name: 'Log in om te stemmen.' })
    const href = new URL(link.getAttribute('href')!, 'http://emmer.test')
    expect(href.pathname).toBe('/inloggen')
    expect(href.searchParams.get('next')).toBe('/idee/i1?uit=lijst')
  })
})
