/**
 * The work of photoPrepare.ts, in a Worker where the browser has one (photoPrepare.worker.ts) and
 * on the page otherwise. Where the time goes for a 12-megapixel phone photo, and what is done
 * about it (BENCHMARKS.md has the figures):
 * - Decoding: a JPEG's size and orientation come from its header (imageHeader.ts), so
 *   createImageBitmap decodes straight to at most 1600 px, turned upright, instead of building
 *   the full-size bitmap first and drawing it smaller.
 * - The thumbnail is made from that 1600 px bitmap, not from the original.
 * - Encoding: JPEG. Chromium's JPEG encoder is several times faster than its WebP encoder at this
 *   size, and a 1600 px JPEG at quality 0.82 is well under the 400 KB aim; lower qualities are
 *   tried only when it is not.
 * Drawing through a canvas and encoding anew keeps the pixels only: no EXIF, no GPS position.
 */
import { jpegHeader } from './imageHeader'

export const PHOTO_MAX_SIDE = 1600
export const THUMB_MAX_SIDE = 480
export const PHOTO_TARGET_BYTES = 400 * 1024
/** The bucket's own limit (idea-photos: 1 MB); a photo above it is refused by Storage. */
export const PHOTO_HARD_LIMIT = 1024 * 1024
export const MAX_PHOTOS = 3
/** Enough of the file to find a phone JPEG's EXIF block and frame header. */
const HEADER_BYTES = 256 * 1024

export interface PreparedPhoto {
  full: Blob
  thumb: Blob
  format: 'webp' | 'jpg'
  width: number
  height: number
  thumbWidth: number
  thumbHeight: number
}

export type PrepareFailure = 'photoNotAnImage' | 'photoTooLarge'

export class PhotoPrepareError extends Error {
  constructor(readonly reason: PrepareFailure) {
    super(reason)
  }
}

export function fit(width: number, height: number, max: number) {
  const scale = Math.min(1, max / Math.max(width, height))
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  }
}

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement

function canvasOf(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  return canvas
}

function encode(canvas: AnyCanvas, quality: number): Promise<Blob | null> {
  if ('convertToBlob' in canvas)
    return canvas.convertToBlob({ type: 'image/jpeg', quality }).catch(() => null)
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
}

function draw(bitmap: ImageBitmap): AnyCanvas {
  const canvas = canvasOf(bitmap.width, bitmap.height)
  const ctx = canvas.getContext('2d') as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null
  if (!ctx) throw new PhotoPrepareError('photoNotAnImage')
  ctx.drawImage(bitmap, 0, 0)
  return canvas
}

/** Decoded, upright, at most `max` px on its longest side. */
async function decode(file: Blob, max: number): Promise<ImageBitmap> {
  let header = null
  try {
    header = jpegHeader(await file.slice(0, HEADER_BYTES).arrayBuffer())
  } catch {
    header = null
  }
  try {
    if (header && Math.max(header.width, header.height) > max) {
      const size = fit(header.width, header.height, max)
      const bitmap = await createImageBitmap(file, {
        imageOrientation: 'from-image',
        resizeWidth: size.width,
        resizeHeight: size.height,
        resizeQuality: 'high',
      })
      // Resized as oriented, as the header said: done. (A browser that resized before turning
      // would give the sides swapped; then fall through to decoding whole.)
      if (bitmap.width === size.width && bitmap.height === size.height) return bitmap
      bitmap.close()
    }
    const whole = await createImageBitmap(file, { imageOrientation: 'from-image' })
    if (Math.max(whole.width, whole.height) <= max) return whole
    const size = fit(whole.width, whole.height, max)
    try {
      return await createImageBitmap(whole, {
        resizeWidth: size.width,
        resizeHeight: size.height,
        resizeQuality: 'high',
      })
    } finally {
      whole.close()
    }
  } catch (e) {
    if (e instanceof PhotoPrepareError) throw e
    throw new PhotoPrepareError('photoNotAnImage')
  }
}

export async function prepareHere(file: Blob): Promise<PreparedPhoto> {
  const bitmap = await decode(file, PHOTO_MAX_SIDE)
  try {
    const canvas = draw(bitmap)
    let full: Blob | null = null
    for (const quality of [0.82, 0.72, 0.6, 0.5, 0.4]) {
      full = await encode(canvas, quality)
      if (full && full.size <= PHOTO_TARGET_BYTES) break
    }
    if (!full) throw new PhotoPrepareError('photoNotAnImage')
    if (full.size > PHOTO_HARD_LIMIT) throw new PhotoPrepareError('photoTooLarge')
    const small = fit(bitmap.width, bitmap.height, THUMB_MAX_SIDE)
    const thumbBitmap = await createImageBitmap(bitmap, {
      resizeWidth: small.width,
      resizeHeight: small.height,
      resizeQuality: 'high',
    })
    let thumb: Blob | null
    try {
      thumb = await encode(draw(thumbBitmap), 0.7)
    } finally {
      thumbBitmap.close()
    }
    if (!thumb) throw new PhotoPrepareError('photoNotAnImage')
    return {
      full,
      thumb,
      format: 'jpg',
      width: bitmap.width,
      height: bitmap.height,
      thumbWidth: small.width,
      thumbHeight: small.height,
    }
  } finally {
    bitmap.close()
  }
}
