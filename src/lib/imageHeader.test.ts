import { describe, expect, it } from 'vitest'
import { jpegHeader } from './imageHeader'

/** SOI, an optional EXIF APP1 with the given orientation, a DQT stand-in, then SOF0 (or SOF2). */
function jpeg(width: number, height: number, orientation?: number, sof = 0xc0): ArrayBuffer {
  const parts: number[] = [0xff, 0xd8]
  if (orientation !== undefined) {
    // "Exif\0\0", big-endian TIFF, IFD0 at 8 with one entry: Orientation (SHORT, 1).
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]
    tiff.push(0, orientation, 0, 0, 0, 0, 0, 0)
    const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]
    parts.push(0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body)
  }
  parts.push(0xff, 0xdb, 0, 4, 0, 0)
  parts.push(0xff, sof, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 0, 0, 0)
  parts.push(0xff, 0xda, 0, 2)
  return new Uint8Array(parts).buffer
}

describe('jpegHeader', () => {
  it('reads the size of a baseline and a progressive JPEG', () => {
    expect(jpegHeader(jpeg(4000, 3000))).toEqual({ width: 4000, height: 3000, orientation: 1 })
    expect(jpegHeader(jpeg(4032, 3024, undefined, 0xc2))).toEqual({
      width: 4032,
      height: 3024,
      orientation: 1,
    })
  })

  it('gives the size as shown: orientations 5 to 8 swap width and height', () => {
    expect(jpegHeader(jpeg(4000, 3000, 6))).toEqual({ width: 3000, height: 4000, orientation: 6 })
    expect(jpegHeader(jpeg(4000, 3000, 8))?.width).toBe(3000)
    expect(jpegHeader(jpeg(4000, 3000, 3))).toEqual({ width: 4000, height: 3000, orientation: 3 })
  })

  it('gives null for what it cannot read, so the photo is decoded whole', () => {
    expect(jpegHeader(new TextEncoder().encode('MZ\x90\0\x03').buffer as ArrayBuffer)).toBeNull()
    expect(jpegHeader(new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer)).toBeNull()
    // Cut off before the frame header.
    expect(jpegHeader(jpeg(4000, 3000, 6).slice(0, 40))).toBeNull()
    // A zero size.
    expect(jpegHeader(jpeg(0, 3000))).toBeNull()
  })
})
