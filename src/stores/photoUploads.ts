import { defineStore } from 'pinia'
import { ref } from 'vue'
import { addPhoto, withdrawPhoto } from '@/api/photos'
import { reasonFor, type ErrorReason } from '@/api/errors'
import type { PreparedPhoto } from '@/lib/photoPrepare'
import { forgetPhotoDraft, keepPhotoDraft, photoDraftsOf } from '@/lib/photoDrafts'

/** A photo chosen in a form: prepared in the browser, waiting for its description. */
export interface ChosenPhoto {
  /** Made once and kept across retries: the row's id, so a retry finds its own row. */
  id: string
  prepared: PreparedPhoto
  description: string
  /** An object URL of the thumbnail, for the preview. */
  preview: string
  /** When chosen (keeps the order of photos kept across a reload). */
  addedAt: number
}

export interface PhotoUpload extends ChosenPhoto {
  ideaId: string
  authorId: string
  /** `saved`: kept from before a reload, waiting for the person to send it again. */
  state: 'waiting' | 'uploading' | 'failed' | 'cancelled' | 'saved' | 'done'
  progress: number
  error: ErrorReason | null
}

/**
 * Photos upload after their idea is saved, one after the other, and keep going while the person
 * moves from the form to the idea page. A failed or cancelled upload stays here to be tried again;
 * the idea itself is already safe. Every queued photo is also kept in IndexedDB (photoDrafts) until
 * it arrived or the person discards it, so a reload loses nothing: `restore` brings it back.
 */
export const usePhotoUploadsStore = defineStore('photoUploads', () => {
  const uploads = ref<PhotoUpload[]>([])
  const controllers = new Map<string, AbortController>()
  const listeners = new Set<(upload: PhotoUpload) => void>()
  let running = false
  // IndexedDB writes in the order they were asked for (a photo's "forget" after its "keep").
  let kept: Promise<unknown> = Promise.resolve()
  const persist = (op: () => Promise<unknown>) => (kept = kept.then(op, op))

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
          const id = next.id
          void persist(() => forgetPhotoDraft(id))
          for (const l of listeners) l(next)
        } catch (e) {
          if ((e as Error).name === 'AbortError') {
            next.state = 'cancelled'
            // Cancelled is cancelled: what already reached Storage goes, and so does the row.
            // The photo itself stays here (and in IndexedDB) to be sent again.
            await withdrawPhoto(next.id).catch(() => undefined)
          } else {
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
      const draft = { ...p, ideaId, queued: true }
      void persist(() => keepPhotoDraft(draft))
    }
    void pump()
  }

  /** Brings back the photos of an idea kept from before a reload, to be sent again. */
  async function restore(ideaId: string, authorId: string) {
    await kept
    for (const d of await photoDraftsOf(ideaId, true)) {
      if (find(d.id)) continue
      uploads.value.push({
        id: d.id,
        prepared: d.prepared,
        description: d.description,
        addedAt: d.addedAt,
        preview: URL.createObjectURL(d.prepared.thumb),
        ideaId,
        authorId,
        state: 'saved',
        progress: 0,
        error: null,
      })
    }
  }

  function cancel(id: string) {
    const u = find(id)
    if (!u) return
    if (u.state === 'waiting') u.state = 'cancelled'
    controllers.get(id)?.abort()
  }

  function retry(id: string) {
    const u = find(id)
    if (u && (u.state === 'failed' || u.state === 'cancelled' || u.state === 'saved')) {
      u.state = 'waiting'
      void pump()
    }
  }

  function discard(id: string) {
    const u = find(id)
    if (u) URL.revokeObjectURL(u.preview)
    uploads.value = uploads.value.filter((x) => x.id !== id)
    void persist(() => forgetPhotoDraft(id))
  }

  function forIdea(ideaId: string) {
    return uploads.value.filter((u) => u.ideaId === ideaId && u.state !== 'done')
  }

  function onDone(listener: (upload: PhotoUpload) => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  return { uploads, enqueue, restore, cancel, retry, discard, forIdea, onDone }
})
