/**
 * A photo made ready for upload, in the browser: turned the right way up (the EXIF orientation
 * is applied while decoding), scaled to at most 1600 px on its longest side, re-encoded aiming at
 * 400 KB, with a small thumbnail beside it. Drawing through a canvas and encoding anew keeps the
 * pixels only: every piece of metadata of the original, the GPS position of someone's home first,
 * stays behind. The work runs in a Worker (photoPrepare.worker.ts) where the browser can, else on
 * the page (photoResize.ts has the details).
 */
import {
  PhotoPrepareError,
  prepareHere,
  type PrepareFailure,
  type PreparedPhoto,
} from './photoResize'

export {
  MAX_PHOTOS,
  PHOTO_HARD_LIMIT,
  PHOTO_MAX_SIDE,
  PHOTO_TARGET_BYTES,
  PhotoPrepareError,
  THUMB_MAX_SIDE,
  type PreparedPhoto,
} from './photoResize'

type Answer = { id: number; photo?: PreparedPhoto; failure?: PrepareFailure }

let worker: Worker | null | undefined
let nextId = 0
const waiting = new Map<number, (answer: Answer) => void>()

function theWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined')
      return (worker = null)
    worker = new Worker(new URL('./photoPrepare.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (event: MessageEvent<Answer>) => {
      waiting.get(event.data.id)?.(event.data)
      waiting.delete(event.data.id)
    }
    worker.onerror = () => {
      // The worker could not start: everything waiting (and everything after) runs on the page.
      worker?.terminate()
      worker = null
      for (const [id, resolve] of waiting) resolve({ id })
      waiting.clear()
    }
  } catch {
    worker = null
  }
  return worker
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  const w = theWorker()
  if (!w) return prepareHere(file)
  const id = ++nextId
  const answer = await new Promise<Answer>((resolve) => {
    waiting.set(id, resolve)
    w.postMessage({ id, file })
  })
  if (answer.photo) return answer.photo
  if (answer.failure) throw new PhotoPrepareError(answer.failure)
  return prepareHere(file)
}
