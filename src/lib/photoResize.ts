/**
 * The work of photoPrepare.ts, in a Worker where the browser has one (photoPrepare.worker.ts) and
 * on the page otherwise. Where the time goes for a 12-megapixel phone photo, and what is done
 * about it (BENCHMARKS.md has the figures):
 * - Decoding the 12 million pixels is most of it, and stays: Chromium's createImageBitmap with
 *   resizeWidth/resizeHeight decodes whole too and then resizes, slower than drawing the decoded
 *   bitmap smaller once (measured; BENCHMARKS.md). Off the page's thread it no longer blocks input.
 * - The thumbnail is drawn from the 1600 px canvas, not from the original.
 * - Encoding: JPEG. Chromium's JPEG encoder is several times faster than its WebP encoder at this
 *   size, and a 1600 px JPEG at quality 0.82 is well under the 400 KB aim; lower qualities are
 *   tried only when it is not.
 * Drawing through a canvas and encoding anew keeps the pixels only: no EXIF, no GPS position.
 */
export const PHOTO_MAX_SIDE = 1600
export const THUMB_MAX_SIDE = 480
export const PHOTO_TARGET_BYTES = 400 * 1024
/** The bucket's own limit (idea-photos: 1 MB); a photo above it is refused by Storage. */
export const PHOTO_HARD_LIMIT = 1024 * 1024
export const MAX_PHOTOS = 3

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

/** Decoded whole and turned upright (the EXIF orientation is applied while decoding). */
async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    throw new PhotoPrepareError('photoNotAnImage')
  }
}

/** A canvas of `width`×`height` with `source` drawn onto it, smoothed. */
function drawAt(source: CanvasImageSource, width: number, height: number): AnyCanvas {
  const canvas = canvasOf(width, height)
  const ctx = canvas.getContext('2d') as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null
  if (!ctx) throw new PhotoPrepareError('photoNotAnImage')
  ctx.imageSmoothingQuality = 'high'
  ctx.drawImage(source, 0, 0, width, height)
  return canvas
}

export async function prepareHere(file: Blob): Promise<PreparedPhoto> {
  const bitmap = await decode(file)
  const size = fit(bitmap.width, bitmap.height, PHOTO_MAX_SIDE)
  let canvas: AnyCanvas
  try {
    canvas = drawAt(bitmap, size.width, size.height)
  } finally {
    bitmap.close()
  }
  let full: Blob | null = null
  for (const quality of [0.82, 0.72, 0.6, 0.5, 0.4]) {
    full = await encode(canvas, quality)
    if (full && full.size <= PHOTO_TARGET_BYTES) break
  }
  if (!full) throw new PhotoPrepareError('photoNotAnImage')
  if (full.size > PHOTO_HARD_LIMIT) throw new PhotoPrepareError('photoTooLarge')
  // The thumbnail from the 1600 px canvas, not from the original's 12 million pixels.
  const small = fit(size.width, size.height, THUMB_MAX_SIDE)
  const thumb = await encode(drawAt(canvas, small.width, small.height), 0.7)
  if (!thumb) throw new PhotoPrepareError('photoNotAnImage')
  return {
    full,
    thumb,
    format: 'jpg',
    width: size.width,
    height: size.height,
    thumbWidth: small.width,
    thumbHeight: small.height,
  }
}
