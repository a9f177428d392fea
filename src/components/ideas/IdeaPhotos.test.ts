import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { usePhotoUploadsStore } from '@/stores/photoUploads'
import { renderWithApp } from '@/testing/render'
import IdeaPhotos from './IdeaPhotos.vue'

const api = vi.hoisted(() => ({
  photosOfIdea: vi.fn(),
  hidePhoto: vi.fn(),
  addPhoto: vi.fn(),
}))
vi.mock('@/api/photos', () => api)

const photo = {
  id: 'p1',
  idea_id: 'i1',
  author_id: 'u1',
  position: 1,
  description: 'Een losse stoeptegel',
  width: 1600,
  height: 1200,
  thumb_width: 480,
  thumb_height: 360,
  path: 'u1/i1/p1.webp',
  thumb_path: 'u1/i1/p1-thumb.webp',
  hidden_at: null,
  hidden_reason: null,
  url: 'blob:full',
  thumbUrl: 'blob:thumb',
}
const props = (over: Record<string, unknown> = {}) => ({
  ideaId: 'i1',
  isAuthor: false,
  isTeam: false,
  authorId: null,
  open: true,
  ...over,
})
const prepared = {
  full: new Blob(['x']),
  thumb: new Blob(['y']),
  format: 'webp' as const,
  width: 1600,
  height: 1200,
  thumbWidth: 480,
  thumbHeight: 360,
}

describe('IdeaPhotos', () => {
  beforeEach(() => {
    api.photosOfIdea.mockReset()
    api.hidePhoto.mockReset()
    api.addPhoto.mockReset()
    // happy-dom has no modal dialogs: open and close as a browser would.
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.setAttribute('open', '')
    }
  })

  it('shows each photo with its description as alt text and its size', async () => {
    api.photosOfIdea.mockResolvedValue([photo])
    await renderWithApp(IdeaPhotos, { props: props() })
    const img = await screen.findByAltText('Een losse stoeptegel')
    expect(img.getAttribute('width')).toBe('480')
    expect(img.getAttribute('height')).toBe('360')
    expect(img.getAttribute('loading')).toBe('lazy')
  })

  it('opens a photo larger in a dialog from its button', async () => {
    api.photosOfIdea.mockResolvedValue([photo])
    await renderWithApp(IdeaPhotos, { props: props() })
    const button = await screen.findByRole('button', {
      name: 'Foto groter bekijken: Een losse stoeptegel',
    })
    await userEvent.click(button)
    const dialog = document.querySelector('dialog')!
    expect(dialog.hasAttribute('open')).toBe(true)
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe('blob:full')
  })

  it('shows nothing to a visitor when the idea has no photos', async () => {
    api.photosOfIdea.mockResolvedValue([])
    const { container } = await renderWithApp(IdeaPhotos, { props: props() })
    await waitFor(() => expect(api.photosOfIdea).toHaveBeenCalled())
    expect(container.querySelector('section')).toBeNull()
  })

  it('tells the author the team hid a photo, and why', async () => {
    api.photosOfIdea.mockResolvedValue([
      { ...photo, hidden_at: '2026-12-02T10:00:00Z', hidden_reason: 'Er staat een gezicht op' },
    ])
    await renderWithApp(IdeaPhotos, { props: props({ isAuthor: true, authorId: 'u1' }) })
    await screen.findByText(/Het team heeft deze foto verborgen/)
    expect(screen.getByText(/Er staat een gezicht op/)).toBeTruthy()
  })

  it('lets the team hide a photo with a reason', async () => {
    api.photosOfIdea.mockResolvedValue([photo])
    api.hidePhoto.mockResolvedValue(undefined)
    await renderWithApp(IdeaPhotos, { props: props({ isTeam: true }) })
    await userEvent.click(await screen.findByRole('button', { name: 'Foto verbergen' }))
    await userEvent.type(
      screen.getByLabelText(/Waarom verberg je deze foto/),
      'Er staat een kenteken op',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Verbergen' }))
    await waitFor(() =>
      expect(api.hidePhoto).toHaveBeenCalledWith('p1', 'Er staat een kenteken op'),
    )
  })

  it('shows a failed upload with the reason, and tries it again without losing it', async () => {
    api.photosOfIdea.mockResolvedValue([])
    api.addPhoto.mockRejectedValueOnce(new ApiError('photoTooLarge'))
    api.addPhoto.mockResolvedValueOnce(photo)
    await renderWithApp(IdeaPhotos, { props: props({ isAuthor: true, authorId: 'u1' }) })
    const uploads = usePhotoUploadsStore()
    uploads.enqueue('i1', 'u1', [
      {
        id: 'p1',
        prepared,
        description: 'Een losse stoeptegel',
        preview: 'blob:preview',
        addedAt: 1,
      },
    ])
    await screen.findByText('De foto is te groot. Kies een kleinere foto.')
    await userEvent.click(screen.getByRole('button', { name: 'Probeer het opnieuw' }))
    await waitFor(() => expect(api.addPhoto).toHaveBeenCalledTimes(2))
    expect(api.addPhoto.mock.calls[1].slice(0, 5)).toEqual([
      'p1',
      'i1',
      'u1',
      prepared,
      'Een losse stoeptegel',
    ])
  })
})
