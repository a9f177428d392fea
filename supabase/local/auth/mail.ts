// The e-mails Auth sends, in B1 Dutch (see ../shared/B1.md): short sentences, say what to do,
// say what happens if you did not ask for it.
//
// When supabase/config.toml names a template for the kind (`[auth.email.template.<kind>]`), its
// subject and HTML (with GoTrue's variables filled in) are what the mail carries, as hosted sends
// them; the plain text below stays as the text part.
import { readFileSync } from 'node:fs'
import type { EmailTemplate, EmailTemplateKind } from '../config.ts'
import type { OutgoingMail } from '../mailbox.ts'

export type MailKind = 'login' | 'recovery' | 'email_change'

/** Which config.toml template a mail uses. A code for a new account is a `confirmation`. */
const TEMPLATE_OF: Record<MailKind, EmailTemplateKind> = {
  login: 'magic_link',
  recovery: 'recovery',
  email_change: 'email_change',
}

export interface TemplateContext {
  templates: Partial<Record<EmailTemplateKind, EmailTemplate>>
  siteUrl: string
  tokenHash: string
  redirectTo: string
  /** Overrides the kind's template, e.g. 'confirmation' for a first sign-in. */
  template?: EmailTemplateKind
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/**
 * GoTrue's template variables ({{ .Token }}, {{ .ConfirmationURL }}, …), HTML-escaped as Go's
 * html/template does. Other template syntax (if/range) is not built: Emmer's templates use none,
 * and a template that does is refused rather than mailed half-filled.
 */
/** The variables authMail fills in; a template naming another one is refused. */
export const TEMPLATE_VARIABLES = [
  'Token',
  'TokenHash',
  'ConfirmationURL',
  'SiteURL',
  'RedirectTo',
  'Email',
  'NewEmail',
] as const

export function renderTemplate(html: string, vars: Record<string, string>): string {
  return html.replace(/{{-?\s*([^}]*?)\s*-?}}/g, (whole, expr: string) => {
    const name = /^\.(\w+)$/.exec(expr)?.[1]
    if (!name || !(name in vars)) {
      throw new Error(`e-mail template: ${whole} is not supported by the local stack`)
    }
    return escapeHtml(vars[name])
  })
}

function validity(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 uur' : `${seconds / 3600} uur`
  const minutes = Math.max(1, Math.round(seconds / 60))
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`
}

const SIGNATURE = 'Groeten,\nEmmer, de ideeënbus van Pact Woensel Zuid'

export function authMail(
  kind: MailKind,
  to: string,
  code: string,
  link: string,
  otpExpiry: number,
  /** For an e-mail change: the address the person wants to move to. */
  newEmail = to,
  context?: TemplateContext,
): OutgoingMail {
  const mail = builtInMail(kind, to, code, link, otpExpiry, newEmail)
  const template = context?.templates[context.template ?? TEMPLATE_OF[kind]]
  if (!context || !template) return mail
  const html =
    template.contentPath &&
    renderTemplate(readFileSync(template.contentPath, 'utf8'), {
      Token: code,
      TokenHash: context.tokenHash,
      ConfirmationURL: link,
      SiteURL: context.siteUrl,
      RedirectTo: context.redirectTo,
      Email: to,
      NewEmail: newEmail,
    })
  return { ...mail, subject: template.subject ?? mail.subject, ...(html ? { html } : {}) }
}

function builtInMail(
  kind: MailKind,
  to: string,
  code: string,
  link: string,
  otpExpiry: number,
  newEmail: string,
): OutgoingMail {
  const lasts = `De code werkt ${validity(otpExpiry)}.`
  if (kind === 'recovery') {
    return {
      to,
      subject: 'Nieuw wachtwoord voor Emmer',
      text: [
        'Hallo,',
        '',
        'Wil je een nieuw wachtwoord kiezen? Vul dan deze code in:',
        '',
        code,
        '',
        'Of klik op deze link:',
        link,
        '',
        `Daarna kies je een nieuw wachtwoord. ${lasts}`,
        'Heb je dit niet gevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  if (kind === 'email_change') {
    // Both the current and the new address get this mail, each with its own code.
    return {
      to,
      subject: 'Klopt je nieuwe e-mailadres?',
      text: [
        'Hallo,',
        '',
        `Je wilt ${newEmail} gebruiken als e-mailadres voor Emmer. Vul deze code in:`,
        '',
        code,
        '',
        'Of klik op deze link:',
        link,
        '',
        lasts,
        'Heb je dit niet gevraagd? Dan hoef je niets te doen. Er verandert dan niets.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  return {
    to,
    subject: 'Je code voor Emmer',
    text: [
      'Hallo,',
      '',
      'Je code om in te loggen bij Emmer is:',
      '',
      code,
      '',
      'Of klik op deze link om in te loggen:',
      link,
      '',
      `${lasts} Heb je dit niet gevraagd? Dan hoef je niets te doen.`,
      '',
      SIGNATURE,
    ].join('\n'),
  }
}
