// What the first bytes of a file say it is. Hosted Storage trusts the declared content type and
// checks it only against the bucket's `allowed_mime_types`; the local Storage also refuses a file
// whose bytes are not what its declared type says (an executable renamed .jpg, an HTML page sent
// as image/jpeg). Only types with a reliable signature are checked; others pass as declared.

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])),
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.length >= 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/avif': (b) =>
    b.length >= 12 &&
    b.subarray(4, 8).toString('latin1') === 'ftyp' &&
    /^avi[fs]/.test(b.subarray(8, 12).toString('latin1')),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
}

/** The number of leading bytes `matchesDeclaredType` needs. */
export const SNIFF_BYTES = 16

/** The bare media type: `image/JPEG; charset=x` → `image/jpeg`. */
export function baseType(mime: string): string {
  return mime.split(';')[0].trim().toLowerCase()
}

/** False when the declared type has a known signature and the bytes do not carry it. */
export function matchesDeclaredType(mime: string, head: Buffer): boolean {
  const check = SIGNATURES[baseType(mime)]
  return check ? check(head) : true
}
