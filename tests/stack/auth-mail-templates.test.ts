// The e-mails Auth sends, in the person's language: one set of subjects (config.toml) and
// template files (supabase/templates/) that a hosted project's Auth renders with Go templates and
// the local Auth renders with the same data (supabase/local/auth/gotemplate.ts). Each template in
// each language is checked as a reader gets it; the local stack sends them by the saved language.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Window } from 'happy-dom'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { renderTemplate } from '../../supabase/local/auth/gotemplate.ts'
import { authMail, htmlToText, MAIL_TEMPLATES } from '../../supabase/local/auth/mail.ts'
import { repoRoot } from '../../supabase/local/migrate.ts'
import { anonClient, latestMail, sql, uniqueEmail } from '../support/clients.ts'

const LOCALES = ['nl', 'en', 'tr', 'ar', 'pl'] as const
const CODE = '381904'
const LINK =
  'https://abcdefghijklmnopqrst.supabase.co/auth/v1/verify?token=pkce_0a1b2c&type=magiclink&redirect_to=https://emmer.example/inloggen'
const NEW_EMAIL = 'nieuw-adres@example.test'

const config = parseToml(readFileSync(resolve(repoRoot, 'supabase/config.toml'), 'utf8')) as {
  auth: { email: { template: Record<string, { subject: string; content_path: string }> } }
}
/** Every template config.toml names, and the hosted names that share a file. */
const TEMPLATES = config.auth.email.template
const names = Object.keys(TEMPLATES)

function render(name: string, data: Record<string, unknown>) {
  const vars = {
    Token: CODE,
    ConfirmationURL: LINK,
    Email: 'buur@example.test',
    NewEmail: NEW_EMAIL,
    SiteURL: 'https://emmer.example',
    Data: data,
  }
  const source = readFileSync(resolve(repoRoot, TEMPLATES[name].content_path), 'utf8')
  return {
    subject: renderTemplate(TEMPLATES[name].subject, vars),
    html: renderTemplate(source, vars),
  }
}

function parse(html: string): Document {
  const window = new Window()
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document
}

describe('Auth mail templates in five languages', () => {
  it('names the templates the local Auth sends, and a file for each', () => {
    for (const name of Object.values(MAIL_TEMPLATES)) expect(names).toContain(name)
    expect(names).toEqual(
      expect.arrayContaining(['magic_link', 'confirmation', 'recovery', 'email_change']),
    )
    for (const name of names) {
      expect(TEMPLATES[name].content_path).toMatch(/^\.\/supabase\/templates\/[a-z_]+\.html$/)
    }
  })

  const cases = names.flatMap((name) => LOCALES.map((locale) => [name, locale] as const))
  it.each(cases)('%s in %s: its own language, direction, code and link', (name, locale) => {
    const { subject, html } = render(name, { locale })
    const doc = parse(html)
    expect(html).not.toContain('{{')
    expect(doc.documentElement.getAttribute('lang')).toBe(locale)
    expect(doc.documentElement.getAttribute('dir')).toBe(locale === 'ar' ? 'rtl' : 'ltr')
    expect(doc.querySelectorAll('html')).toHaveLength(1)
    expect(doc.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8')
    expect(doc.title).toBe(subject)
    expect(subject.length).toBeGreaterThan(5)
    expect(doc.querySelectorAll('img, script, link, style, form, iframe')).toHaveLength(0)
    // The code on its own, left to right also in Arabic; never only inside the link.
    const code = Array.from(doc.querySelectorAll('p')).filter((p) => p.textContent?.trim() === CODE)
    expect(code).toHaveLength(1)
    expect(code[0].getAttribute('dir')).toBe('ltr')
    // The code for a password change (reauthentication) is a code only, as GoTrue's.
    const links = Array.from(doc.querySelectorAll('a'))
    const withLink = name !== 'reauthentication'
    expect(links.map((a) => a.getAttribute('href'))).toEqual(withLink ? [LINK] : [])
    const label = links[0]?.textContent?.trim() ?? ''
    if (withLink) expect(label.length).toBeGreaterThan(5)
    expect(label).not.toMatch(/https?:/)
    if (name === 'email_change') expect(doc.body.textContent).toContain(NEW_EMAIL)
    // The area's name is for the settings, not for these mails.
    expect(html).not.toMatch(/Woensel|Eindhoven|Pact/)
    // The plain-text version the local mailbox keeps: code on its own line, link as its URL.
    const text = htmlToText(html)
    expect(text).toMatch(new RegExp(`^${CODE}$`, 'm'))
    if (withLink) expect(text).toContain(LINK)
  })

  it.each(names)('%s is Dutch for a person without a (known) language', (name) => {
    for (const data of [{}, { locale: 'fr' }, { locale: null }]) {
      const { subject, html } = render(name, data)
      expect(parse(html).documentElement.getAttribute('lang')).toBe('nl')
      expect(subject).toBe(render(name, { locale: 'nl' }).subject)
    }
  })

  it('each language says something different (no untranslated copy)', () => {
    for (const name of names) {
      const subjects = LOCALES.map((locale) => render(name, { locale }).subject)
      expect(new Set(subjects).size).toBe(LOCALES.length)
    }
  })

  it('the local renderer refuses Go template parts it does not implement', () => {
    expect(() => renderTemplate('{{ range .Data }}x{{ end }}', {})).toThrow()
    expect(() => renderTemplate('{{ .Token | printf "%s" }}', {})).toThrow()
    expect(() => renderTemplate('{{ if eq .Data.locale "ar" }}x', {})).toThrow()
    expect(renderTemplate('{{/* note */}}{{ .A }}-{{ if .B }}b{{ end }}', { A: '<x>' })).toBe(
      '&lt;x&gt;-',
    )
  })

  it('authMail renders the template for each kind with the person’s data', () => {
    const mail = authMail('recovery', 'buur@example.test', {
      code: CODE,
      link: LINK,
      data: { locale: 'pl' },
    })
    expect(mail.subject).toBe('Nowe hasło do Emmer')
    expect(mail.html).toContain('<html lang="pl" dir="ltr">')
    expect(mail.text).toMatch(new RegExp(`^${CODE}$`, 'm'))
    expect(mail.text).toContain(LINK)
  })
})

describe('the local Auth mails in the saved language', () => {
  it('a visitor who signs up in Arabic gets the Arabic sign-in mail from the first one', async () => {
    const email = uniqueEmail('ar')
    const { error } = await anonClient().auth.signInWithOtp({
      email,
      options: { data: { display_name: 'سارة', locale: 'ar' } },
    })
    expect(error).toBeNull()
    const mail = (await latestMail(email))!
    expect(mail.subject).toBe(render('confirmation', { locale: 'ar' }).subject)
    expect(mail.html).toContain('<html lang="ar" dir="rtl">')
    const [profile] = await sql(
      `select p.locale from public.profiles p join auth.users u on u.id = p.id where u.email = $1`,
      [email],
    )
    expect(profile.locale).toBe('ar')
  })

  it('a person who switched to Turkish gets the recovery mail in Turkish', async () => {
    const email = uniqueEmail('tr')
    const client = anonClient()
    const { data, error } = await client.auth.signUp({ email, password: 'correct-horse-battery' })
    expect(error).toBeNull()
    // The app saves the switch in the profile; Postgres copies it into the user metadata.
    expect(
      (await client.from('profiles').update({ locale: 'tr' }).eq('id', data.user!.id)).error,
    ).toBeNull()
    const [user] = await sql(
      `select raw_user_meta_data ->> 'locale' as locale from auth.users where id = $1`,
      [data.user!.id],
    )
    expect(user.locale).toBe('tr')
    expect((await anonClient().auth.resetPasswordForEmail(email)).error).toBeNull()
    const mail = (await latestMail(email))!
    expect(mail.subject).toBe('Emmer için yeni şifre')
    expect(mail.html).toContain('<html lang="tr" dir="ltr">')
  })

  it('nobody can write another person’s language into their metadata', async () => {
    const [a, b] = [anonClient(), anonClient()]
    const ea = uniqueEmail('a')
    const eb = uniqueEmail('b')
    expect((await a.auth.signUp({ email: ea, password: 'correct-horse-battery' })).error).toBeNull()
    const ub = (await b.auth.signUp({ email: eb, password: 'correct-horse-battery' })).data.user!
    const { data } = await a.from('profiles').update({ locale: 'ar' }).eq('id', ub.id).select('id')
    expect(data).toEqual([])
    const [row] = await sql(
      `select raw_user_meta_data ->> 'locale' as locale,
              (select p.locale from public.profiles p where p.id = u.id) as saved
         from auth.users u where u.id = $1`,
      [ub.id],
    )
    // Nothing was written: no language in the metadata (the mails fall back to Dutch), still nl.
    expect(row).toEqual({ locale: null, saved: 'nl' })
  })
})
