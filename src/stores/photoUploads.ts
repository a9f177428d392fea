import { defineStore } from 'pinia'
import { ref } from 'vue'
import { addPhoto } from '@/api/photos'
import { reasonFor, type ErrorReason } from '@/api/errors'
import type { PreparedPhoto } from '@/lib/photoPrepare'

/** A photo chosen in a form: prepared in the browser, waiting for its description. */
export interface ChosenPhoto {
  /** Made once and kept across retries: the row's id, so a retry finds its own row. */
  id: string
  prepared: PreparedPhoto
  description: string
  /** An object URL of the thumbnail, for the preview. */
  preview: string
}

export interface PhotoUpload extends ChosenPhoto {
  ideaId: string
  authorId: string
  state: 'waiting' | 'uploading' | 'failed' | 'cancelled' | 'done'
  progress: number
  error: ErrorReason | null
}

/**
 * Photos upload after their idea is saved, one after the other, and keep going while the person
 * moves from the form to the idea page. A failed or cancelled upload stays here to be tried again;
 * the idea itself is already safe.
 */
export const usePhotoUploadsStore = defineStore('photoUploads', () => {
  const uploads = ref<PhotoUpload[]>([])
  const controllers = new Map<string, AbortController>()
  const listeners = new Set<(upload: PhotoUpload) => void>()
  let running = false

  function find(id: string) {
    return uploads.value.find((u) => u.id === id)
  }

  async function pump() {
    if (running) return
    running = true
    try {
      for (;;) {
        const next = uploads.value.find((u) => u.state === 'waiting')
        if (!next) break
        const controller = new AbortController()
        controllers.set(next.id, controller)
        next.state = 'uploading'
        next.progress = 0
        next.error = null
        try {
          await addPhoto(next.id, next.ideaId, next.authorId, next.prepared, next.description, {
            signal: controller.signal,
            onProgress: (f) => (next.progress = f),
          })
          next.state = 'done'
          next.progress = 1
          for (const l of listeners) l(next)
        } catch (e) {
          if ((e as Error).name === 'AbortError') next.state = 'cancelled'
          else {
            next.state = 'failed'
            next.error = reasonFor(e)
          }
        } finally {
          controllers.delete(next.id)
        }
      }
    } finally {
      running = false
    }
  }

  function enqueue(ideaId: string, authorId: string, photos: ChosenPhoto[]) {
    for (const p of photos) {
      if (find(p.id)) continue
      uploads.value.push({
        ...p,
        ideaId,
        authorId,
        state: 'waiting',
        progress: 0,
        error: null,
      })
    }
    void pump()
  }

  function cancel(id: string) {
    const u = find(id)
    if (!u) return
    if (u.state === 'waiting') u.state = 'cancelled'
    controllers.get(id)?.abort()
  }

  function retry(id: string) {
    const u = find(id)
    if (u && (u.state === 'failed' || u.state === 'cancelled')) {
      u.state = 'waiting'
      void pump()
    }
  }

  function discard(id: string) {
    const u = find(id)
    if (u) URL.revokeObjectURL(u.preview)
    uploads.value = uploads.value.filter((x) => x.id !== id)
  }

  function forIdea(ideaId: string) {
    return uploads.value.filter((u) => u.ideaId === ideaId && u.state !== 'done')
  }

  function onDone(listener: (upload: PhotoUpload) => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  return { uploads, enqueue, cancel, retry, discard, forIdea, onDone }
})
