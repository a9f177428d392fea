/**
 * The pixel size of a JPEG and its EXIF orientation, read from the first bytes of the file only,
 * so the browser can decode it straight to the size it needs (createImageBitmap with
 * resizeWidth/resizeHeight) instead of first decoding all 12 million pixels and then shrinking.
 * Anything else (PNG, WebP, HEIC, a JPEG whose header is not in the head) gives null and is
 * decoded whole.
 */
export interface ImageHeader {
  /** As shown, after the EXIF orientation is applied (5 to 8 swap width and height). */
  width: number
  height: number
  orientation: number
}

function exifOrientation(view: DataView, start: number, end: number): number {
  // "Exif\0\0" then a TIFF header.
  if (end - start < 14 || view.getUint32(start) !== 0x45786966 || view.getUint16(start + 4) !== 0)
    return 1
  const tiff = start + 6
  const little = view.getUint16(tiff) === 0x4949
  const u16 = (at: number) => view.getUint16(at, little)
  const u32 = (at: number) => view.getUint32(at, little)
  if (u16(tiff + 2) !== 42) return 1
  const ifd = tiff + u32(tiff + 4)
  if (ifd + 2 > end) return 1
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) break
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : 1
    }
  }
  return 1
}

export function jpegHeader(bytes: ArrayBuffer): ImageHeader | null {
  const view = new DataView(bytes)
  const length = view.byteLength
  if (length < 4 || view.getUint16(0) !== 0xffd8) return null
  let orientation = 1
  let at = 2
  while (at + 4 <= length) {
    if (view.getUint8(at) !== 0xff) return null
    const marker = view.getUint8(at + 1)
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2
      continue
    }
    const size = view.getUint16(at + 2)
    if (size < 2) return null
    const body = at + 4
    const end = Math.min(length, at + 2 + size)
    if (marker === 0xe1) orientation = exifOrientation(view, body, end)
    // Start of frame (baseline, progressive, ...): not DHT (C4), JPG (C8) or DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (body + 5 > length) return null
      const height = view.getUint16(body + 1)
      const width = view.getUint16(body + 3)
      if (!width || !height) return null
      return orientation >= 5
        ? { width: height, height: width, orientation }
        : { width, height, orientation }
    }
    if (marker === 0xda || marker === 0xd9) return null
    at += 2 + size
  }
  return null
}
