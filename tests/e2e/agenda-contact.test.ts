// "Stuur een bericht" (issue #16) in a real Chromium: a resident writes the organiser of an
// initiative (desktop, Dutch) and of an event (360 px, Arabic, right to left) through Emmer. Too
// short is refused in words; what was typed survives a reload; a send whose answer is lost and
// is tried again goes out once; the organiser's mail arrives in the organiser's language, with the
// sender's address only when they ticked the box. Axe-clean throughout.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { browserForTests, expectNoAxeViolations } from '../support/browser.ts'
import { latestMail, serviceClient, sql } from '../support/clients.ts'
import {
  createResident,
  msg,
  openPage,
  signInWithPassword,
  until,
  visit,
} from '../support/e2e-pages.ts'
import { SEED } from '../support/users.ts'

type Mail = { subject: string; text: string; html?: string; replyTo?: string }

async function arrangeInitiative(organiserId: string, name: string) {
  const id = randomUUID()
  await sql(
    `insert into public.initiatives (id, name, description, neighbourhood_id, organiser_id)
     values ($1, $2, 'Buren die samen de straat groener maken.', $3, $4)`,
    [id, name, SEED.neighbourhoods.limbeekNoord, organiserId],
  )
  return id
}

async function arrangeEvent(organiserId: string, title: string) {
  const [row] = await sql<{ id: string }>(
    `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
     values ($1, 'Samen koffie drinken en kennismaken.', now() + interval '6 days',
             now() + interval '6 days 2 hours', 'Buurthuis', $2, $3)
     returning id`,
    [title, SEED.neighbourhoods.limbeekNoord, organiserId],
  )
  return row.id
}

async function organiserIn(locale: string, name: string) {
  const person = await createResident(name)
  await sql('update public.profiles set locale = $2 where id = $1', [person.id, locale])
  return person
}

async function mailTo(email: string): Promise<Mail> {
  let found: Mail | undefined
  await until(async () => {
    expect((await serviceClient().functions.invoke('answer-mail')).error).toBeNull()
    found = (await latestMail(email)) as Mail | undefined
    return Boolean(found?.html)
  }, `the contact mail to ${email}`)
  return found!
}

const sentBy = (id: string) =>
  sql<{ body: string; share_email: boolean }>(
    'select body, share_email from public.contact_messages where sender_id = $1',
    [id],
  )

describe('Stuur een bericht', () => {
  const browser = browserForTests()

  it('desktop, Dutch: refused when too short, kept across a reload, sent once after a lost answer', async () => {
    const organiser = await organiserIn('tr', 'Mehmet')
    const sender = await createResident('Petra')
    const name = `Groene Kastanjelaan ${randomUUID().slice(0, 6)}`
    const initiative = await arrangeInitiative(organiser.id, name)
    const { page, errors } = await openPage(browser, { viewport: 'desktop' })

    // Not signed in: a way to sign in, no form.
    await visit(page, `/initiatieven/${initiative}`)
    await page.getByRole('link', { name: msg('organiserMessage.signIn') }).waitFor()
    expect(await page.getByTestId('contact-form').count()).toBe(0)

    await signInWithPassword(page, sender.email)
    await visit(page, `/initiatieven/${initiative}`)
    const field = page.getByLabel(msg('organiserMessage.label'), { exact: true })
    await field.waitFor()
    const share = page.getByLabel(msg('organiserMessage.shareEmail'))
    expect(await share.isChecked()).toBe(false)
    await expectNoAxeViolations(page)

    await field.fill('Hoi!')
    await page.getByRole('button', { name: msg('organiserMessage.send') }).click()
    await page.getByText(msg('errors.contactLength')).first().waitFor()
    expect(await sentBy(sender.id)).toEqual([])
    await expectNoAxeViolations(page)

    const body = 'Hallo Mehmet, ik wil graag helpen met de plantenbakken. Wanneer zijn jullie er?'
    await field.fill(body)
    await page.reload()
    await page.getByText(msg('organiserMessage.restored')).waitFor()
    expect(await field.inputValue()).toBe(body)

    // The request reaches the stack, but the answer never reaches the browser.
    await page.route('**/rest/v1/rpc/send_contact_message', async (route) => {
      await route.fetch()
      await route.abort()
    })
    await page.getByRole('button', { name: msg('organiserMessage.send') }).click()
    await page.locator('.utrecht-alert', { hasText: msg('errors.offline') }).waitFor()
    expect(await field.inputValue()).toBe(body)
    expect(await sentBy(sender.id)).toHaveLength(1)

    await page.unroute('**/rest/v1/rpc/send_contact_message')
    await page.getByRole('button', { name: msg('common.retry') }).click()
    await page.getByText(msg('organiserMessage.sent')).first().waitFor()
    expect(await sentBy(sender.id)).toEqual([{ body, share_email: false }])
    expect(
      await sql(
        `select 1 from private.mail_queue q join public.contact_messages m on m.id = q.contact_message_id
          where m.sender_id = $1`,
        [sender.id],
      ),
    ).toHaveLength(1)
    await expectNoAxeViolations(page)

    // After a reload the form is empty again: the next message is a new one.
    await page.reload()
    await field.waitFor()
    expect(await field.inputValue()).toBe('')

    const mail = await mailTo(organiser.email)
    expect(mail.html).toContain('<html lang="tr" dir="ltr">')
    expect(mail.text).toContain(body)
    expect(mail.text).toContain(msg('mail.contact.replyNotShared', { sender: 'Petra' }, 'tr'))
    expect(JSON.stringify(mail).toLowerCase()).not.toContain(sender.email.toLowerCase())
    expect(mail.replyTo).toBeUndefined()
    expect(errors).toEqual([])
  })

  it('360 px, Arabic: right to left, the address shared on purpose, the organiser sees no form', async () => {
    const organiser = await organiserIn('ar', 'سارة')
    const sender = await createResident('Yusuf')
    const title = `Koffie ${randomUUID().slice(0, 6)}`
    const event = await arrangeEvent(organiser.id, title)
    const { page, errors } = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await signInWithPassword(page, sender.email, undefined, 'ar')
    await visit(page, `/agenda/${event}`)
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    await page.getByRole('heading', { name: msg('organiserMessage.title', {}, 'ar') }).waitFor()
    await expectNoAxeViolations(page)

    const body = 'مرحبًا، هل يمكنني أن آتي مع جارتي؟ هي تتكلم العربية فقط.'
    await page.getByLabel(msg('organiserMessage.label', {}, 'ar'), { exact: true }).fill(body)
    await page.getByLabel(msg('organiserMessage.shareEmail', {}, 'ar')).check()
    await page.getByRole('button', { name: msg('organiserMessage.send', {}, 'ar') }).click()
    await page
      .getByText(msg('organiserMessage.sent', {}, 'ar'))
      .first()
      .waitFor()
    expect(await sentBy(sender.id)).toEqual([{ body, share_email: true }])
    // The page never showed the organiser's address.
    expect((await page.content()).toLowerCase()).not.toContain(organiser.email.toLowerCase())
    await expectNoAxeViolations(page)
    expect(errors).toEqual([])

    const mail = await mailTo(organiser.email)
    expect(mail.html).toContain('<html lang="ar" dir="rtl">')
    expect(mail.text).toContain(body)
    expect(mail.replyTo).toContain(sender.email)

    // The organiser on their own event: a sentence, no form.
    const own = await openPage(browser, { locale: 'ar', viewport: 'phone' })
    await signInWithPassword(own.page, organiser.email, undefined, 'ar')
    await visit(own.page, `/agenda/${event}`)
    await own.page.getByText(msg('organiserMessage.own', {}, 'ar')).waitFor()
    expect(await own.page.getByTestId('contact-form').count()).toBe(0)
    await own.context.close()
  })

  it.each([
    { lang: 'nl', viewport: 'phone' },
    { lang: 'ar', viewport: 'desktop' },
  ] as const)('the form is axe-clean in $lang at $viewport', async ({ lang, viewport }) => {
    const organiser = await organiserIn('nl', 'Els')
    const sender = await createResident('Noor')
    const initiative = await arrangeInitiative(
      organiser.id,
      `Boekenkast ${randomUUID().slice(0, 6)}`,
    )
    const event = await arrangeEvent(organiser.id, `Ruilmarkt ${randomUUID().slice(0, 6)}`)
    const { page, errors } = await openPage(browser, { locale: lang, viewport })
    await signInWithPassword(page, sender.email, undefined, lang)
    for (const path of [`/initiatieven/${initiative}`, `/agenda/${event}`]) {
      await visit(page, path)
      await page.getByLabel(msg('organiserMessage.label', {}, lang), { exact: true }).waitFor()
      await page.getByLabel(msg('organiserMessage.shareEmail', {}, lang)).waitFor()
      await expectNoAxeViolations(page)
    }
    expect(errors).toEqual([])
  })
})
