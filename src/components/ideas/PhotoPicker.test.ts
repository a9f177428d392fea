import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { PhotoPrepareError } from '@/lib/photoResize'
import { renderWithApp } from '@/testing/render'
import type { ChosenPhoto } from '@/stores/photoUploads'
import nl from '@/i18n/locales/nl.json'
import PhotoPicker from './PhotoPicker.vue'

// The real resize runs in a worker with canvas and createImageBitmap, which the DOM used here
// lacks (Chromium runs it in tests/e2e/photos.test.ts). Here it answers as the real one does for
// a file that is not a photo, so the test sees the message the resident gets and that nothing
// is added.
const prepare = vi.hoisted(() => ({ preparePhoto: vi.fn(), MAX_PHOTOS: 3 }))
vi.mock('@/lib/photoPrepare', async (original) => ({
  ...(await original<typeof import('@/lib/photoPrepare')>()),
  preparePhoto: prepare.preparePhoto,
}))

const chosen = (n: number): ChosenPhoto[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    prepared: {
      full: new Blob(['x']),
      thumb: new Blob(['y']),
      format: 'webp' as const,
      width: 1600,
      height: 1200,
      thumbWidth: 480,
      thumbHeight: 360,
    },
    description: `Foto ${i}`,
    preview: `blob:p${i}`,
    addedAt: i,
  }))

/** The picker inside a parent that binds it with v-model, as the idea forms do. */
async function pick(photos: ChosenPhoto[], file: File | File[]) {
  const model = ref(photos)
  const updates: ChosenPhoto[][] = []
  const Host = defineComponent(
    () => () =>
      h(PhotoPicker, {
        modelValue: model.value,
        'onUpdate:modelValue': (v: ChosenPhoto[]) => {
          updates.push(v)
          model.value = v
        },
      }),
  )
  const { container } = await renderWithApp(Host)
  const input = container.querySelector('input[type="file"]') as HTMLInputElement
  await userEvent.upload(input, file, { applyAccept: false })
  return { updates, model }
}

describe('PhotoPicker: bad input gets a clear message and changes nothing', () => {
  it('offers no way to choose a fourth photo', async () => {
    const { container } = await renderWithApp(PhotoPicker, { props: { modelValue: chosen(3) } })
    expect(container.querySelector('input[type="file"]')).toBeNull()
  })

  it('takes the third of two photos chosen at once and refuses the fourth, with the reason', async () => {
    prepare.preparePhoto.mockReset().mockResolvedValue(chosen(1)[0].prepared)
    if (!URL.createObjectURL) URL.createObjectURL = () => 'blob:new'
    const { updates, model } = await pick(chosen(2), [
      new File(['jpeg'], 'derde.jpg', { type: 'image/jpeg' }),
      new File(['jpeg'], 'vierde.jpg', { type: 'image/jpeg' }),
    ])
    expect((await screen.findByRole('alert')).textContent).toContain(nl.errors.tooManyPhotos)
    expect(prepare.preparePhoto).toHaveBeenCalledOnce()
    expect(updates.map((u) => u.length)).toEqual([3])
    expect(model.value).toHaveLength(3)
  })

  it.each([
    [
      'an SVG',
      new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'a.svg', { type: 'image/svg+xml' }),
    ],
    ['an HTML page', new File(['<script>alert(1)</script>'], 'a.html', { type: 'text/html' })],
    ['a program renamed .jpg', new File(['MZ\x90\x00'], 'foto.jpg', { type: 'image/jpeg' })],
  ])('refuses %s as not a photo, and adds nothing', async (_, file) => {
    prepare.preparePhoto.mockReset().mockRejectedValue(new PhotoPrepareError('photoNotAnImage'))
    const { updates } = await pick(chosen(1), file)
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(nl.errors.photoNotAnImage),
    )
    expect(prepare.preparePhoto).toHaveBeenCalledOnce()
    expect(updates).toEqual([])
  })
})
