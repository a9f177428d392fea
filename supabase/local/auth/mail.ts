// The e-mails Auth sends, rendered from the same subjects and template files a hosted project's
// Auth uses (config.toml `[auth.email.template.<name>]`, supabase/templates/), with the same data:
// the code, the link, the new address and the person's user metadata, whose `locale` chooses the
// language (Dutch B1 when absent). The mailbox gets the HTML and a plain-text version of it.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import type { EmailTemplate, EmailTemplateKind } from '../config.ts'
import type { OutgoingMail } from '../mailbox.ts'
import { repoRoot } from '../migrate.ts'
import { renderTemplate } from './gotemplate.ts'

/**
 * What Auth mails, and the config.toml template for each. A new kind (an invite) is one more
 * entry here, a section in config.toml and a file in supabase/templates/.
 */
export const MAIL_TEMPLATES = {
  login: 'magic_link',
  recovery: 'recovery',
  email_change: 'email_change',
  invite: 'invite',
  reauthentication: 'reauthentication',
} as const
export type MailKind = keyof typeof MAIL_TEMPLATES

export interface MailData {
  code: string
  link: string
  /** For an e-mail change: the address the person wants to move to. */
  newEmail?: string
  /** The person's user metadata (GoTrue's .Data). */
  data?: Record<string, unknown>
  siteUrl?: string
}

const CONFIG = join(repoRoot, 'supabase', 'config.toml')

function templateConfig(name: string): { subject: string; contentPath: string } {
  const config = parseToml(readFileSync(CONFIG, 'utf8')) as {
    auth?: { email?: { template?: Record<string, { subject?: string; content_path?: string }> } }
  }
  const section = config.auth?.email?.template?.[name]
  if (!section?.subject || !section.content_path) {
    throw new Error(`config.toml has no subject and content_path for [auth.email.template.${name}]`)
  }
  return { subject: section.subject, contentPath: section.content_path }
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#34': '"',
  '#39': "'",
  '#43': '+',
  nbsp: ' ',
}

/** The mail as a reader of plain text gets it: a line per paragraph or break, a link as its URL. */
export function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html
  return body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<a\b[^>]*\bhref="([^"]*)"[^>]*>[\s\S]*?<\/a>/gi, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * `templates`: the stack's config.toml templates (`[auth.email.template.*]`, paths resolved), so a
 * stack started with another config file mails what that file says; without them, the project's.
 */
export function authMail(
  kind: MailKind,
  to: string,
  mail: MailData,
  templates?: Partial<Record<EmailTemplateKind, EmailTemplate>>,
): OutgoingMail {
  const configured = templates?.[MAIL_TEMPLATES[kind]]
  const { subject, contentPath } =
    configured?.subject && configured.contentPath
      ? { subject: configured.subject, contentPath: configured.contentPath }
      : templateConfig(MAIL_TEMPLATES[kind])
  const data = {
    Token: mail.code,
    ConfirmationURL: mail.link,
    Email: to,
    NewEmail: mail.newEmail ?? to,
    SiteURL: mail.siteUrl ?? '',
    Data: mail.data ?? {},
  }
  const html = renderTemplate(readFileSync(resolve(repoRoot, contentPath), 'utf8'), data)
  return {
    to,
    subject: renderTemplate(subject, data).trim(),
    text: htmlToText(html),
    html,
  }
}
