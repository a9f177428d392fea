import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import { useAnnouncerStore } from '@/stores/announcer'
import VoteButton from './VoteButton.vue'

const api = vi.hoisted(() => ({ vote: vi.fn(), unvote: vi.fn() }))
vi.mock('@/api/votes', () => api)

describe('VoteButton', () => {
  beforeEach(() => {
    api.vote.mockReset()
    api.unvote.mockReset()
  })

  it('votes, shows the new count, says so and offers a separate way to take it back', async () => {
    api.vote.mockResolvedValue(undefined)
    const { pinia } = await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 4, voted: false, signedIn: true },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Stem' }))
    expect(api.vote).toHaveBeenCalledWith('i1')
    expect(screen.getByText('5 stemmen')).toBeTruthy()
    expect(screen.getByText('Je hebt gestemd')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Stem intrekken' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Stem' })).toBeNull()
    await waitFor(() =>
      expect(useAnnouncerStore(pinia).message).toBe('Je stem is geteld. 5 stemmen'),
    )
    // Focus stays on what replaced the pressed button, not on "take it back".
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Je hebt gestemd'))
  })

  it('does not take the vote back when "Stem" is pressed twice in a row', async () => {
    let release = () => {}
    api.vote.mockReturnValue(new Promise<void>((resolve) => (release = resolve)))
    await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 0, voted: false, signedIn: true },
    })
    const button = screen.getByRole('button', { name: 'Stem' })
    await userEvent.click(button)
    await userEvent.click(button)
    release()
    await screen.findByRole('button', { name: 'Stem intrekken' })
    expect(api.vote).toHaveBeenCalledTimes(1)
    expect(api.unvote).not.toHaveBeenCalled()
    expect(screen.getByText('1 stem')).toBeTruthy()
  })

  it('takes the vote back only with "Stem intrekken", and says so', async () => {
    api.unvote.mockResolvedValue(undefined)
    const { pinia } = await renderWithApp(VoteButton, {
      props: { ideaId: 'i1', count: 2, voted: true, signedIn: true },
    })
    expect(screen.queryByRole('button', { name: 'Je hebt gestemd' })).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Stem intrekken' }))
    expect(api.unvote).toHaveBeenCalledWith('i1')
    expect(screen.getByText('1 stem')).toBeTruthy()
    await waitFor(() =>
      expect(useAnnouncerStore(pinia).message).toBe('Je stem is ingetrokken. 1 stem'),
    )
    const again = await screen.findByRole('button', { name: 'Stem' })
    await waitFor(() => expect(document.activeElement).toBe(again))
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
