// Sending mail through the provider the secrets choose (supabase/functions/.env locally,
// `supabase secrets set` on hosted):
//   MAIL_SMTP_URL  smtp(s)://user:pass@host:port   SMTP (locally: the stack's mailbox). Hosted
//                  Edge Functions may not connect to ports 25 and 587: use 465 (smtps) or an API.
//   MAIL_API_URL + MAIL_API_KEY                    an HTTP mail API taking Resend-style JSON
//                  ({from, to, subject, text, html, reply_to}, Authorization: Bearer <key>), e.g.
//                  https://api.resend.com/emails
//   MAIL_FROM      the sender, e.g. "Emmer <noreply@example.org>"
// The API wins when both are set.
import nodemailer from 'npm:nodemailer@10.6.1'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
  /** Where a reply goes (a contact message whose sender shared their address); else From. */
  replyTo?: string
}

export type Send = (mail: OutgoingMail) => Promise<void>

export function mailSender(): { send: Send; close: () => void } {
  const from = Deno.env.get('MAIL_FROM') ?? 'Emmer <noreply@emmer.local>'
  const apiUrl = Deno.env.get('MAIL_API_URL')
  if (apiUrl) {
    const key = Deno.env.get('MAIL_API_KEY') ?? ''
    return {
      async send(mail) {
        const res = await fetch(apiUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            from,
            to: [mail.to],
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
          }),
          signal: AbortSignal.timeout(20_000),
        })
        if (!res.ok)
          throw new Error(`mail API answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
        await res.body?.cancel()
      },
      close() {},
    }
  }
  const smtpUrl = Deno.env.get('MAIL_SMTP_URL')
  if (!smtpUrl) throw new Error('No mail provider: set MAIL_SMTP_URL or MAIL_API_URL')
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail })
    },
    close: () => transport.close(),
  }
}
