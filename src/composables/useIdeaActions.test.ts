import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useIdeaActions, useReport } from './useIdeaActions'

const api = vi.hoisted(() => ({
  vote: vi.fn(),
  unvote: vi.fn(),
  updateIdeaText: vi.fn(),
  withdrawIdea: vi.fn(),
  report: vi.fn(),
}))
vi.mock('@/api/votes', () => ({ vote: api.vote, unvote: api.unvote }))
vi.mock('@/api/ideas', () => ({
  updateIdeaText: api.updateIdeaText,
  withdrawIdea: api.withdrawIdea,
}))
vi.mock('@/api/reports', () => ({ report: api.report }))

describe('useIdeaActions', () => {
  beforeEach(() => vi.resetAllMocks())

  it('acts on the idea the getter names at the moment of acting', async () => {
    let id = 'i1'
    const actions = useIdeaActions(() => id)
    await actions.vote()
    id = 'i2'
    await actions.unvote()
    await actions.withdraw()
    api.updateIdeaText.mockResolvedValue({ id: 'i2', title: 'T', body: 'B' })
    expect(await actions.saveText({ title: 'T', body: 'B' })).toEqual({
      id: 'i2',
      title: 'T',
      body: 'B',
    })
    expect(api.vote).toHaveBeenCalledWith('i1')
    expect(api.unvote).toHaveBeenCalledWith('i2')
    expect(api.withdrawIdea).toHaveBeenCalledWith('i2')
    expect(api.updateIdeaText).toHaveBeenCalledWith('i2', { title: 'T', body: 'B' })
  })

  it('lets a refusal through to the form', async () => {
    api.withdrawIdea.mockRejectedValue(new Error('idea_has_votes'))
    await expect(useIdeaActions(() => 'i1').withdraw()).rejects.toThrow('idea_has_votes')
  })
})

describe('useReport', () => {
  beforeEach(() => vi.resetAllMocks())

  it('reports the idea or comment with the reason given', async () => {
    await useReport(() => ({ commentId: 'c1' })).send('Scheldwoorden')
    expect(api.report).toHaveBeenCalledWith({ commentId: 'c1' }, 'Scheldwoorden')
  })
})
