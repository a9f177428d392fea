// The e-mails a hosted Supabase project sends (supabase/templates/, named in supabase/config.toml)
// say what the local stack's mails say (supabase/local/auth/mail.ts): B1 Dutch, with the 6-digit
// code the app asks for and the link as the other way in. Each template is filled in as Auth would,
// read as text, and compared line by line with the local mail.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { authMail, type MailKind } from '../../supabase/local/auth/mail.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Hosted template name → the local mail that says the same. */
const TEMPLATES = {
  magic_link: 'login',
  // signInWithOtp for a new address (the app's sign-up) sends this one, not magic_link.
  confirmation: 'login',
  recovery: 'recovery',
  email_change: 'email_change',
  invite: 'invite',
} as const satisfies Record<string, MailKind>
type TemplateName = keyof typeof TEMPLATES

const TO = 'buur@example.test'
const NEW_EMAIL = 'nieuw-adres@example.test'
const CODE = '381904'
const LINK =
  'https://abcdefghijklmnopqrst.supabase.co/auth/v1/verify?token=pkce_0a1b2c&type=magiclink&redirect_to=https://emmer.example/inloggen'

/** The Go template variables Supabase Auth fills in (docs: Auth → Email Templates). */
const VARIABLES: Record<string, string> = {
  Token: CODE,
  ConfirmationURL: LINK,
  SiteURL: 'https://emmer.example',
  RedirectTo: 'https://emmer.example/inloggen',
  Email: TO,
}

type TomlValue = string | number | boolean
/** Just enough TOML for config.toml: sections and `key = scalar` lines. */
function readToml(path: string): Map<string, Record<string, TomlValue>> {
  const sections = new Map<string, Record<string, TomlValue>>([['', {}]])
  let current = sections.get('')!
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const section = /^\[([\w.]+)\]$/.exec(line)
    if (section) {
      current = {}
      sections.set(section[1], current)
      continue
    }
    const pair = /^(\w+)\s*=\s*(.+)$/.exec(line)
    if (!pair) continue
    const value = pair[2].trim()
    if (value.startsWith('"')) current[pair[1]] = JSON.parse(value) as string
    else if (value === 'true' || value === 'false') current[pair[1]] = value === 'true'
    else if (/^\d+$/.test(value)) current[pair[1]] = Number(value)
  }
  return sections
}

const config = readToml(resolve(ROOT, 'supabase/config.toml'))
const otpExpiry = config.get('auth.email')?.otp_expiry as number

function templateConfig(name: TemplateName) {
  const section = config.get(`auth.email.template.${name}`)
  return { subject: section?.subject as string, contentPath: section?.content_path as string }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** Fills in `{{ .Name }}` as Auth does; anything else between braces fails the test. */
function render(name: TemplateName): string {
  const source = readFileSync(resolve(ROOT, templateConfig(name).contentPath), 'utf8')
  const vars = name === 'email_change' ? { ...VARIABLES, NewEmail: NEW_EMAIL } : VARIABLES
  return source.replace(/\{\{(.*?)\}\}/g, (whole, inner: string) => {
    const variable = /^\s*\.(\w+)\s*$/.exec(inner)?.[1]
    if (!variable || !(variable in vars)) throw new Error(`${name}: unknown template part ${whole}`)
    return escapeHtml(vars[variable as keyof typeof vars]!)
  })
}

function parse(html: string): Document {
  const window = new Window()
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document
}

/** The mail as a reader gets it, one line per paragraph or line break; a link reads as its URL. */
function textLines(doc: Document): string[] {
  const out: string[] = []
  const walk = (node: Node): string => {
    if (node.nodeType === 3) return node.textContent ?? ''
    const el = node as Element
    if (el.tagName === 'BR') return '\n'
    if (el.tagName === 'A') return el.getAttribute('href') ?? ''
    return Array.from(el.childNodes).map(walk).join('')
  }
  for (const block of Array.from(doc.body.children)) out.push(...walk(block).split('\n'))
  return out.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean)
}

function localLines(name: TemplateName): string[] {
  const text = authMail(TEMPLATES[name], TO, CODE, LINK, otpExpiry, NEW_EMAIL).text
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

const names = Object.keys(TEMPLATES) as TemplateName[]

describe('e-mail templates for a hosted project', () => {
  it.each(names)('config.toml names %s with the local subject and a file in supabase/', (name) => {
    const { subject, contentPath } = templateConfig(name)
    expect(subject).toBe(authMail(TEMPLATES[name], TO, CODE, LINK, otpExpiry).subject)
    // The CLI reads template paths from the project root (the folder that holds supabase/).
    expect(contentPath).toMatch(/^\.\/supabase\/templates\/[a-z_]+\.html$/)
    expect(existsSync(resolve(ROOT, contentPath))).toBe(true)
  })

  it.each(names)('%s says, line by line, what the local mail says', (name) => {
    expect(textLines(parse(render(name)))).toEqual(localLines(name))
  })

  it.each(names)(
    '%s is plain, accessible Dutch HTML: the code on its own, the link as the other way',
    (name) => {
      const doc = parse(render(name))
      expect(doc.documentElement.getAttribute('lang')).toBe('nl')
      expect(doc.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8')
      expect(doc.title).toBe(templateConfig(name).subject)
      expect(doc.querySelectorAll('img, script, link, style, form, iframe')).toHaveLength(0)

      const code = Array.from(doc.querySelectorAll('p')).filter(
        (p) => p.textContent?.trim() === CODE,
      )
      expect(code).toHaveLength(1)
      expect(code[0].getAttribute('style')).toMatch(/font-size: 32px/)

      const links = Array.from(doc.querySelectorAll('a'))
      expect(links.map((a) => a.getAttribute('href'))).toEqual([LINK])
      // A link says where it goes; the bare URL is no link text for a screen reader.
      const label = links[0].textContent?.trim() ?? ''
      expect(label.length).toBeGreaterThan(5)
      expect(label).not.toMatch(/https?:|\{\{/)
    },
  )

  it('puts the code in every template as text, never only inside the link', () => {
    for (const name of names) {
      const source = readFileSync(resolve(ROOT, templateConfig(name).contentPath), 'utf8')
      expect(source).toMatch(/>\s*\{\{ \.Token \}\}\s*</)
      expect(source).not.toMatch(/href="[^"]*\.Token/)
    }
  })
})
