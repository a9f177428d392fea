// Photos on ideas in a real Chromium against the local stack (issue 15): a resident posts an idea
// with a phone photo that carries a GPS position and an EXIF orientation; the browser turns it
// upright, shrinks it and re-encodes it, and the bytes Storage keeps have no EXIF and no GPS.
// The idea page shows the photo as it arrives and opens it larger by keyboard; the home list
// shows its thumbnail; a file that is not a photo is refused with a clear message. Phone width
// and Arabic (right-to-left) too; axe clean throughout.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { anonClient, serviceClient, sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  SEEDED_THEMES,
  signInWithPassword,
  visit,
  waitForPath,
} from '../support/e2e-pages.ts'

const stamp = randomUUID().slice(0, 6)
const DESCRIPTION = 'Een losse stoeptegel voor de deur'

/**
 * An EXIF APP1 segment with Orientation 6 (turn 90° clockwise to show) and a GPS position
 * (GPSLatitudeRef N, GPSLatitude 51° 27′ 12.34″): what a phone writes into every photo.
 */
function exifWithGps(): Buffer {
  const tiff = Buffer.alloc(92)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  // IFD0: Orientation and the pointer to the GPS IFD.
  tiff.writeUInt16LE(2, 8)
  tiff.writeUInt16LE(0x0112, 10)
  tiff.writeUInt16LE(3, 12)
  tiff.writeUInt32LE(1, 14)
  tiff.writeUInt16LE(6, 18)
  tiff.writeUInt16LE(0x8825, 22)
  tiff.writeUInt16LE(4, 24)
  tiff.writeUInt32LE(1, 26)
  tiff.writeUInt32LE(38, 30)
  tiff.writeUInt32LE(0, 34)
  // GPS IFD: latitude reference and latitude (three rationals at 68).
  tiff.writeUInt16LE(2, 38)
  tiff.writeUInt16LE(0x0001, 40)
  tiff.writeUInt16LE(2, 42)
  tiff.writeUInt32LE(2, 44)
  tiff.write('N\0', 48, 'latin1')
  tiff.writeUInt16LE(0x0002, 52)
  tiff.writeUInt16LE(5, 54)
  tiff.writeUInt32LE(3, 56)
  tiff.writeUInt32LE(68, 60)
  tiff.writeUInt32LE(0, 64)
  for (const [i, [num, den]] of [
    [51, 1],
    [27, 1],
    [1234, 100],
  ].entries()) {
    tiff.writeUInt32LE(num, 68 + i * 8)
    tiff.writeUInt32LE(den, 72 + i * 8)
  }
  const header = Buffer.alloc(4)
  header.writeUInt16BE(0xffe1, 0)
  header.writeUInt16BE(2 + 6 + tiff.length, 2)
  return Buffer.concat([header, Buffer.from('Exif\0\0', 'latin1'), tiff])
}

/** A 400×200 JPEG drawn by the browser itself, with the EXIF segment put in after SOI. */
async function phonePhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 400
    canvas.height = 200
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#7a8b99'
    ctx.fillRect(0, 0, 400, 200)
    ctx.fillStyle = '#c33'
    ctx.fillRect(0, 0, 100, 200)
    return canvas.toDataURL('image/jpeg', 0.9)
  })
  const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64')
  return Buffer.concat([jpeg.subarray(0, 2), exifWithGps(), jpeg.subarray(2)])
}

describe('photos on ideas', () => {
  let browser: Browser
  let ideaId = ''

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('posts an idea with a phone photo; Storage keeps it upright, smaller and without EXIF or GPS', async () => {
    const resident = await createResident('Fotobuur')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, resident.email)
    await visit(page, '/nieuw')
    await page
      .getByLabel(msg('newIdea.titleField'), { exact: true })
      .fill(`Losse stoeptegel ${stamp}`)
    await page
      .getByLabel(msg('newIdea.body'), { exact: true })
      .fill('Voor ons huis ligt een tegel los. Mensen vallen erover, vooral in het donker.')
    await page
      .getByLabel(msg('newIdea.neighbourhood'), { exact: true })
      .selectOption({ label: 'Limbeek-Noord' })
    await page
      .getByLabel(msg('newIdea.theme'), { exact: true })
      .selectOption({ label: SEEDED_THEMES['fijne-buurt'] })

    const input = page.getByTestId('photo-input')
    // Denied: an executable renamed .jpg is no photo; nothing is added.
    await input.setInputFiles({
      name: 'tegel.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff', 'latin1'),
    })
    await page.getByRole('alert').getByText(msg('errors.photoNotAnImage')).waitFor()
    expect(await page.getByLabel(msg('photos.description', { n: 1 })).count()).toBe(0)

    await input.setInputFiles({
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto(page),
    })
    const description = page.getByLabel(msg('photos.description', { n: 1 }))
    await description.waitFor()
    // Denied: no description, no upload.
    await page.getByRole('button', { name: msg('newIdea.submit') }).click()
    await page.getByText(msg('errors.photoDescriptionShort')).waitFor()
    await description.fill(DESCRIPTION)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: msg('newIdea.submit') }).click()
    await waitForPath(page, (p) => p.startsWith('/idee/'))
    ideaId = new URL(page.url()).pathname.split('/').pop()!
    const opener = page.getByTestId('idea-photo')
    await opener.waitFor({ timeout: 30_000 })
    const img = opener.locator('img')
    expect(await img.getAttribute('alt')).toBe(DESCRIPTION)
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0)

    const [row] = await sql<{
      path: string
      thumb_path: string
      width: number
      height: number
      format: string
    }>(
      'select path, thumb_path, width, height, format from public.idea_photos where idea_id = $1',
      [ideaId],
    )
    // Turned upright: the 400×200 source with orientation 6 is 200 wide and 400 high.
    expect([row.width, row.height]).toEqual([200, 400])
    for (const path of [row.path, row.thumb_path]) {
      const { data, error } = await serviceClient().storage.from('idea-photos').download(path)
      expect(error).toBeNull()
      const bytes = Buffer.from(await data!.arrayBuffer())
      const isWebp = bytes.subarray(8, 12).toString('latin1') === 'WEBP'
      const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8
      expect(isWebp || isJpeg).toBe(true)
      expect(bytes.includes(Buffer.from('Exif', 'latin1'))).toBe(false)
      expect(bytes.includes(Buffer.from('II*\0', 'latin1'))).toBe(false)
      expect(bytes.includes(Buffer.from('MM\0*', 'latin1'))).toBe(false)
      expect(bytes.length).toBeLessThanOrEqual(400 * 1024)
    }

    // Keyboard: Enter opens the photo larger, Escape closes and returns focus.
    await opener.focus()
    await page.keyboard.press('Enter')
    const dialog = page.locator('dialog[open]')
    await dialog.waitFor()
    await dialog.locator('img').waitFor()
    await expectNoAxeViolations(page)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined)
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0)
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true)
    await expectNoAxeViolations(page)

    // The home list shows the thumbnail, lazy and with its size.
    await visit(page, '/')
    const thumb = page.locator(`article:has(a[href$="${ideaId}"]) [data-testid="idea-thumb"]`)
    await thumb.waitFor()
    expect(await thumb.getAttribute('loading')).toBe('lazy')
    expect(Number(await thumb.getAttribute('width'))).toBeGreaterThan(0)
    expect(Number(await thumb.getAttribute('height'))).toBeGreaterThan(0)
    expect(await thumb.getAttribute('alt')).toBe(DESCRIPTION)
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])
  })

  it('at phone width and in Arabic, shows the photos right to left; a hidden idea shows none', async () => {
    expect(ideaId).not.toBe('')
    const { page, errors } = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await visit(page, `/idee/${ideaId}`)
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    await page.getByRole('heading', { name: msg('photos.title', {}, 'ar') }).waitFor()
    await page.getByTestId('idea-photo').waitFor()
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])

    // Denied: once the team hid the idea, a visitor finds neither the idea nor its photos.
    const [row] = await sql<{ path: string; thumb_path: string }>(
      'select path, thumb_path from public.idea_photos where idea_id = $1',
      [ideaId],
    )
    await sql("update public.ideas set hidden_at = now(), hidden_reason = 'Test' where id = $1", [
      ideaId,
    ])
    try {
      const { data } = await anonClient()
        .storage.from('idea-photos')
        .createSignedUrls([row.path, row.thumb_path], 60)
      expect(data!.map((d) => d.signedUrl)).toEqual([null, null])
      await page.goto(appUrl(`/idee/${ideaId}`))
      await page
        .getByText(msg('errors.notFound', {}, 'ar'))
        .first()
        .waitFor()
      expect(await page.getByTestId('idea-photo').count()).toBe(0)
    } finally {
      await sql('update public.ideas set hidden_at = null, hidden_reason = null where id = $1', [
        ideaId,
      ])
    }
  })
})
