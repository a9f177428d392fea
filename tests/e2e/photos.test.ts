// Photos on ideas in a real Chromium against the local stack (issue 15): a resident posts an idea
// with a phone photo that carries a GPS position and an EXIF orientation; the browser turns it
// upright, shrinks it and re-encodes it, and the bytes Storage keeps have no EXIF and no GPS.
// The idea page shows the photo as it arrives and opens it larger by keyboard; the home list
// shows its thumbnail; a file that is not a photo is refused with a clear message. Phone width
// and Arabic (right-to-left) too; axe clean throughout.
import { randomUUID } from 'node:crypto'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, expectNoAxeViolations, launchBrowser } from '../support/browser.ts'
import { anonClient, serviceClient, sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  SEEDED_THEMES,
  signInWithPassword,
  until,
  visit,
  waitForPath,
  DEMO_PASSWORD,
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

/** A JPEG drawn by the browser itself (400×200 unless told), with the EXIF segment put in after SOI. */
async function phonePhoto(page: Page, width = 400, height = 200): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d')!
      ctx.fillStyle = '#7a8b99'
      ctx.fillRect(0, 0, w, h)
      ctx.fillStyle = '#c33'
      ctx.fillRect(0, 0, w / 4, h)
      return canvas.toDataURL('image/jpeg', 0.9)
    },
    [width, height] as const,
  )
  const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64')
  return Buffer.concat([jpeg.subarray(0, 2), exifWithGps(), jpeg.subarray(2)])
}

/** The descriptions of the photos this page keeps in IndexedDB (src/lib/photoDrafts.ts). */
function keptDescriptions(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('emmer-photo-drafts')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('photos')) return resolve([])
          const all = db.transaction('photos').objectStore('photos').getAll()
          all.onsuccess = () =>
            resolve((all.result as { description: string }[]).map((r) => r.description))
          all.onerror = () => reject(all.error)
        }
      }),
  )
}

/** The files Storage holds under an idea's folder, and the idea's photo rows. */
async function storedFor(ideaId: string) {
  const objects = await sql<{ name: string }>(
    "select name from storage.objects where bucket_id = 'idea-photos' and name like '%/' || $1 || '/%' order by name",
    [ideaId],
  )
  const rows = await sql<{ id: string; path: string; thumb_path: string }>(
    'select id, path, thumb_path from public.idea_photos where idea_id = $1',
    [ideaId],
  )
  return { objects: objects.map((o) => o.name), rows }
}

/** A resident with one open idea of their own, saved through submit_idea as the app does. */
async function residentWithIdea(name: string) {
  const resident = await createResident(name)
  const client = anonClient()
  const signedIn = await client.auth.signInWithPassword({
    email: resident.email,
    password: DEMO_PASSWORD,
  })
  if (signedIn.error) throw signedIn.error
  const ideaId = randomUUID()
  const { error } = await client.rpc('submit_idea', {
    id: ideaId,
    title: `Bankje bij de speeltuin ${randomUUID().slice(0, 4)}`,
    body: 'Ouders staan nu de hele middag. Een bankje bij de speeltuin zou fijn zijn.',
    kind: 'idea',
    theme_id: '20000000-0000-4000-8000-000000000002',
    neighbourhood_id: '10000000-0000-4000-8000-000000000001',
  })
  if (error) throw error
  return { ...resident, ideaId, client }
}

/** On the idea page, as its author: choose a photo, describe it and send it. */
async function addPhotoOnIdeaPage(page: Page, description: string) {
  await page.getByTestId('photo-input').setInputFiles({
    name: 'IMG_0002.jpg',
    mimeType: 'image/jpeg',
    buffer: await phonePhoto(page),
  })
  await page.getByLabel(msg('photos.description', { n: 1 })).fill(description)
  await page.getByRole('button', { name: msg('photos.upload') }).click()
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
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), {
        timeout: 15_000,
      })
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

  it('denied in the form: an SVG is no photo, and of four photos chosen at once the fourth is refused', async () => {
    const resident = await createResident('Vierfoto')
    const { page, context, errors } = await openPage(browser, { viewport: 'phone' })
    await signInWithPassword(page, resident.email)
    await visit(page, '/nieuw')
    const input = page.getByTestId('photo-input')
    await input.setInputFiles({
      name: 'tegel.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
    })
    await page.getByRole('alert').getByText(msg('errors.photoNotAnImage')).waitFor()
    expect(await page.getByLabel(msg('photos.description', { n: 1 })).count()).toBe(0)
    const photo = await phonePhoto(page)
    await input.setInputFiles(
      [1, 2, 3, 4].map((n) => ({ name: `IMG_000${n}.jpg`, mimeType: 'image/jpeg', buffer: photo })),
    )
    await page.getByRole('alert').getByText(msg('errors.tooManyPhotos')).waitFor()
    await page.getByLabel(msg('photos.description', { n: 3 })).waitFor()
    expect(await page.getByLabel(msg('photos.description', { n: 4 })).count()).toBe(0)
    expect(await page.getByTestId('photo-input').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
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

  it('keeps a chosen photo and its description across a reload and a failed upload; it arrives once', async () => {
    const resident = await createResident('Fotobewaarder')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, resident.email)
    await visit(page, '/nieuw')
    const title = `Kapotte lantaarn ${stamp}`
    await page.getByLabel(msg('newIdea.titleField'), { exact: true }).fill(title)
    await page
      .getByLabel(msg('newIdea.body'), { exact: true })
      .fill('De lantaarn bij het hofje doet het al weken niet. Het is daar nu erg donker.')
    await page
      .getByLabel(msg('newIdea.neighbourhood'), { exact: true })
      .selectOption({ label: 'Limbeek-Noord' })
    await page
      .getByLabel(msg('newIdea.theme'), { exact: true })
      .selectOption({ label: SEEDED_THEMES['fijne-buurt'] })
    // A 12-megapixel phone photo taken upright (EXIF orientation 6): decoded straight to size.
    await page.getByTestId('photo-input').setInputFiles({
      name: 'IMG_0003.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto(page, 4000, 3000),
    })
    const description = page.getByLabel(msg('photos.description', { n: 1 }))
    await description.fill('De lantaarn bij het hofje')
    await until(
      async () => (await keptDescriptions(page)).includes('De lantaarn bij het hofje'),
      'the description is kept in IndexedDB',
    )

    // A reload: the photo and its description are still there.
    await page.reload()
    await page.locator('main h1').first().waitFor()
    await expect.poll(() => description.inputValue()).toBe('De lantaarn bij het hofje')
    expect(await page.getByRole('img', { name: msg('photos.previewAlt', { n: 1 }) }).count()).toBe(
      1,
    )
    expect(await page.getByLabel(msg('photos.description', { n: 2 })).count()).toBe(0)

    // The first submit is lost on the way; the second saves the idea (once).
    let submits = 0
    await page.route('**/rest/v1/rpc/submit_idea', (route) =>
      submits++ === 0 ? route.abort('failed') : route.continue(),
    )
    // The first file of the upload is lost too: the idea is safe, the photo waits.
    let uploads = 0
    await page.route('**/storage/v1/object/idea-photos/**', (route) =>
      route.request().method() === 'POST' && uploads++ === 0
        ? route.abort('failed')
        : route.continue(),
    )
    await page.getByRole('button', { name: msg('newIdea.submit') }).click()
    await page.getByRole('button', { name: msg('common.retry') }).waitFor()
    await page.getByRole('button', { name: msg('common.retry') }).click()
    await waitForPath(page, (p) => p.startsWith('/idee/'))
    const ideaId = new URL(page.url()).pathname.split('/').pop()!
    const pending = page.getByTestId('photo-upload')
    await pending.getByText(msg('photos.state.failed')).waitFor({ timeout: 30_000 })
    expect(await sql('select 1 from public.ideas where title = $1', [title])).toHaveLength(1)

    // Another reload: the photo is still on its way, kept, and goes on a retry.
    await page.unrouteAll()
    await page.reload()
    await pending.getByText(msg('photos.state.saved')).waitFor()
    expect(await pending.getByRole('img').getAttribute('alt')).toBe('De lantaarn bij het hofje')
    await pending.getByRole('button', { name: msg('common.retry') }).click()
    await page.getByTestId('idea-photo').locator('img').waitFor({ timeout: 30_000 })
    await expect.poll(() => pending.count()).toBe(0)

    const stored = await storedFor(ideaId)
    expect(stored.rows).toHaveLength(1)
    expect(stored.objects).toEqual([stored.rows[0].path, stored.rows[0].thumb_path].sort())
    const [sizes] = await sql<{ w: number; h: number; tw: number; th: number }>(
      'select width as w, height as h, thumb_width as tw, thumb_height as th from public.idea_photos where idea_id = $1',
      [ideaId],
    )
    expect(sizes).toEqual({ w: 1200, h: 1600, tw: 360, th: 480 })
    for (const path of [stored.rows[0].path, stored.rows[0].thumb_path]) {
      const { data } = await serviceClient().storage.from('idea-photos').download(path)
      const bytes = Buffer.from(await data!.arrayBuffer())
      expect(bytes.includes(Buffer.from('Exif', 'latin1'))).toBe(false)
      expect(bytes.includes(Buffer.from('II*\0', 'latin1'))).toBe(false)
      expect(bytes.length).toBeLessThanOrEqual(400 * 1024)
    }
    // Arrived, so no longer kept; a reload shows it once, with nothing pending.
    await until(async () => (await keptDescriptions(page)).length === 0, 'the kept photo is gone')
    await page.reload()
    await page.getByTestId('idea-photo').waitFor()
    expect(await page.getByTestId('idea-photo').count()).toBe(1)
    expect(await pending.count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('cancelling an upload halfway leaves no file and no row; the photo stays to send again', async () => {
    const author = await residentWithIdea('Fotostopper')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, author.email)
    await visit(page, `/idee/${author.ideaId}`)

    // The thumbnail goes through; the photo itself is held on the way until it is cancelled.
    let held: Route | null = null
    await page.route('**/storage/v1/object/idea-photos/**', (route) => {
      const url = route.request().url()
      if (route.request().method() === 'POST' && !url.includes('-thumb.')) held = route
      else return route.continue()
    })
    await addPhotoOnIdeaPage(page, 'Het pad naar de speeltuin')
    await until(() => held !== null, 'the photo is on its way')
    await until(
      async () => (await storedFor(author.ideaId)).objects.length === 1,
      'the thumbnail has arrived',
    )
    const pending = page.getByTestId('photo-upload')
    await pending.getByRole('button', { name: msg('photos.cancel') }).click()
    await pending.getByText(msg('photos.state.cancelled')).waitFor()
    await until(async () => {
      const s = await storedFor(author.ideaId)
      return s.objects.length === 0 && s.rows.length === 0
    }, 'neither file nor row remains')
    await (held as Route | null)?.abort().catch(() => undefined)
    await page.unrouteAll()

    // Kept for a retry, also across a reload; sent again it arrives once.
    await page.reload()
    await pending.getByText(msg('photos.state.saved')).waitFor()
    expect(await keptDescriptions(page)).toEqual(['Het pad naar de speeltuin'])
    await pending.getByRole('button', { name: msg('common.retry') }).click()
    await page.getByTestId('idea-photo').locator('img').waitFor({ timeout: 30_000 })
    const stored = await storedFor(author.ideaId)
    expect(stored.rows).toHaveLength(1)
    expect(stored.objects).toHaveLength(2)
    expect(errors).toEqual([])
  })

  it('a photo the team hid is gone for residents: no fresh signed URL, an old one expires', async () => {
    const author = await residentWithIdea('Fotomaker')
    const authorPage = await openPage(browser)
    await signInWithPassword(authorPage.page, author.email)
    await visit(authorPage.page, `/idee/${author.ideaId}`)
    await addPhotoOnIdeaPage(authorPage.page, 'Een bord met een scheldwoord')
    await authorPage.page.getByTestId('idea-photo').locator('img').waitFor({ timeout: 30_000 })
    const [row] = (await storedFor(author.ideaId)).rows

    // A neighbour sees it, and holds a signed URL that lives two seconds.
    const neighbour = await createResident('Fotokijker')
    const asNeighbour = anonClient()
    await asNeighbour.auth.signInWithPassword({ email: neighbour.email, password: DEMO_PASSWORD })
    const early = await asNeighbour.storage.from('idea-photos').createSignedUrl(row.path, 2)
    expect(early.error).toBeNull()
    expect((await fetch(early.data!.signedUrl)).status).toBe(200)

    // The team hides it with a reason, in the app.
    const team = await openPage(browser)
    await signInWithPassword(team.page, 'team@emmer.local')
    await visit(team.page, `/idee/${author.ideaId}`)
    await team.page.getByRole('button', { name: msg('photos.hide') }).click()
    await team.page.getByLabel(msg('photos.hideReason')).fill('Er staat een scheldwoord op')
    await team.page.getByRole('button', { name: msg('photos.hideConfirm') }).click()
    await team.page.getByTestId('photo-hidden').waitFor()
    const [hidden] = await sql<{ hidden_at: Date | null }>(
      'select hidden_at from public.idea_photos where id = $1',
      [row.id],
    )
    expect(hidden.hidden_at).not.toBeNull()

    // Denied through storage-js: a fresh signed URL, a batch of them, a download.
    for (const client of [asNeighbour, anonClient()]) {
      const one = await client.storage.from('idea-photos').createSignedUrl(row.path, 60)
      expect(one.data).toBeNull()
      expect(one.error).not.toBeNull()
      const batch = await client.storage
        .from('idea-photos')
        .createSignedUrls([row.path, row.thumb_path], 60)
      expect(batch.data!.map((d) => d.signedUrl)).toEqual([null, null])
      const download = await client.storage.from('idea-photos').download(row.thumb_path)
      expect(download.data).toBeNull()
      expect(download.error).not.toBeNull()
    }
    // The signed URL handed out before stops working when it expires.
    await until(
      async () => (await fetch(early.data!.signedUrl)).status !== 200,
      'the old signed URL has expired',
      10_000,
    )
    expect((await fetch(early.data!.signedUrl)).status).toBe(400)

    // In the app: the neighbour sees the idea without the photo; the author sees why it is hidden.
    const neighbourPage = await openPage(browser)
    await signInWithPassword(neighbourPage.page, neighbour.email)
    await visit(neighbourPage.page, `/idee/${author.ideaId}`)
    await neighbourPage.page.locator('main h1').first().waitFor()
    expect(await neighbourPage.page.getByTestId('idea-photo').count()).toBe(0)
    await authorPage.page.reload()
    await authorPage.page.getByTestId('photo-hidden').waitFor()
    // Still allowed: the team and the author fetch it.
    const asTeam = anonClient()
    await asTeam.auth.signInWithPassword({ email: 'team@emmer.local', password: DEMO_PASSWORD })
    expect(
      (await asTeam.storage.from('idea-photos').createSignedUrl(row.path, 60)).error,
    ).toBeNull()
    expect(
      (await author.client.storage.from('idea-photos').createSignedUrl(row.path, 60)).error,
    ).toBeNull()
    for (const o of [authorPage, team, neighbourPage]) expect(o.errors).toEqual([])
    await Promise.all([authorPage, team, neighbourPage].map((o) => o.context.close()))
  })

  it('deleting an account removes that person’s photos: files and rows', async () => {
    const author = await residentWithIdea('Fotoverwijderaar')
    const { page, errors } = await openPage(browser)
    await signInWithPassword(page, author.email)
    await visit(page, `/idee/${author.ideaId}`)
    await addPhotoOnIdeaPage(page, 'De stoep bij de bakker')
    await page.getByTestId('idea-photo').locator('img').waitFor({ timeout: 30_000 })
    const before = await storedFor(author.ideaId)
    expect(before.rows).toHaveLength(1)
    expect(before.objects).toHaveLength(2)
    const folder = await sql<{ n: number }>(
      "select count(*)::int as n from storage.objects where bucket_id = 'idea-photos' and name like $1 || '/%'",
      [author.id],
    )
    expect(folder[0].n).toBe(2)

    await visit(page, '/mijn')
    await page.getByRole('button', { name: msg('my.delete') }).click()
    const question = page.getByRole('group', { name: msg('my.deleteQuestion') })
    await question.getByRole('button', { name: msg('my.deleteConfirm') }).click()
    await waitForPath(page, (p) => p === '/')

    expect(await sql('select 1 from auth.users where id = $1', [author.id])).toHaveLength(0)
    const after = await storedFor(author.ideaId)
    expect(after.rows).toEqual([])
    expect(after.objects).toEqual([])
    const left = await sql<{ n: number }>(
      "select count(*)::int as n from storage.objects where bucket_id = 'idea-photos' and name like $1 || '/%'",
      [author.id],
    )
    expect(left[0].n).toBe(0)
    // Not even the service role finds a file any more.
    const gone = await serviceClient().storage.from('idea-photos').download(before.rows[0].path)
    expect(gone.error).not.toBeNull()
    expect(errors).toEqual([])
  })
})
