/**
 * A photo made ready for upload, in the browser: turned the right way up (the EXIF orientation
 * is applied while decoding), scaled to at most 1600 px on its longest side, re-encoded as WebP
 * (JPEG where the browser cannot write WebP) aiming at 400 KB, with a small thumbnail beside it.
 * Drawing through a canvas and encoding anew keeps the pixels only: every piece of metadata of
 * the original, the GPS position of someone's home first, stays behind.
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

export class PhotoPrepareError extends Error {
  constructor(readonly reason: 'photoNotAnImage' | 'photoTooLarge') {
    super(reason)
  }
}

function fit(width: number, height: number, max: number) {
  const scale = Math.min(1, max / Math.max(width, height))
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  }
}

function canvasOf(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  return canvas
}

function encode(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality))
}

/** Encodes as WebP if the browser writes it, else JPEG, lowering the quality to reach `target`. */
async function encodeWithin(
  canvas: HTMLCanvasElement,
  target: number,
): Promise<{ blob: Blob; format: 'webp' | 'jpg' }> {
  let format: 'webp' | 'jpg' = 'webp'
  let blob: Blob | null = null
  for (const quality of [0.82, 0.72, 0.6, 0.5, 0.4]) {
    blob = await encode(canvas, format === 'webp' ? 'image/webp' : 'image/jpeg', quality)
    // A browser without a WebP encoder silently gives PNG: switch to JPEG.
    if (blob && format === 'webp' && blob.type !== 'image/webp') {
      format = 'jpg'
      blob = await encode(canvas, 'image/jpeg', quality)
    }
    if (blob && blob.size <= target) break
  }
  if (!blob) throw new PhotoPrepareError('photoNotAnImage')
  return { blob, format }
}

async function draw(bitmap: ImageBitmap, max: number) {
  const size = fit(bitmap.width, bitmap.height, max)
  const canvas = canvasOf(size.width, size.height)
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new PhotoPrepareError('photoNotAnImage')
  ctx.imageSmoothingQuality = 'high'
  ctx.drawImage(bitmap, 0, 0, size.width, size.height)
  return { canvas, ...size }
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    throw new PhotoPrepareError('photoNotAnImage')
  }
  try {
    const big = await draw(bitmap, PHOTO_MAX_SIDE)
    const full = await encodeWithin(big.canvas, PHOTO_TARGET_BYTES)
    if (full.blob.size > PHOTO_HARD_LIMIT) throw new PhotoPrepareError('photoTooLarge')
    const small = await draw(bitmap, THUMB_MAX_SIDE)
    const thumbBlob = await encode(
      small.canvas,
      full.format === 'webp' ? 'image/webp' : 'image/jpeg',
      0.7,
    )
    if (!thumbBlob) throw new PhotoPrepareError('photoNotAnImage')
    return {
      full: full.blob,
      thumb: thumbBlob,
      format: full.format,
      width: big.width,
      height: big.height,
      thumbWidth: small.width,
      thumbHeight: small.height,
    }
  } finally {
    bitmap.close()
  }
}
