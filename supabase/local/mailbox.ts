// The local mailbox: every e-mail the stack sends (sign-in codes, magic links, digests) is kept
// here and shown on a small web page, like Supabase's local mail viewer on port 54324. Tests read
// the latest message for an address from the JSON endpoint.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { randomUUID } from 'node:crypto'
import { dirname } from 'node:path'
import { SMTPServer } from 'smtp-server'

export interface Mail {
  id: string
  to: string
  from: string
  subject: string
  text: string
  html?: string
  /** The Reply-To header, when the mail has one (a contact message whose sender shared it). */
  replyTo?: string
  sentAt: string
}

export type OutgoingMail = Omit<Mail, 'id' | 'sentAt' | 'from'> & { from?: string }

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** Host headers of a request that really came to this machine's mailbox. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i

export class Mailbox implements Mailer {
  private mails: Mail[] = []
  private server?: Server

  /** `file` keeps the mail across restarts of the stack (JSON lines). */
  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      this.mails = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Mail)
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    const full: Mail = {
      id: randomUUID(),
      from: mail.from ?? 'Emmer <noreply@emmer.local>',
      to: mail.to.toLowerCase(),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      sentAt: new Date().toISOString(),
    }
    this.mails.push(full)
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true })
      appendFileSync(this.file, JSON.stringify(full) + '\n')
    }
  }

  list(to?: string): Mail[] {
    const all = to ? this.mails.filter((m) => m.to === to.toLowerCase()) : this.mails
    return [...all].reverse()
  }

  listen(port: number): Promise<Server> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      // Same origin only: no CORS headers, so a page of another website cannot read the codes.
      const json = (status: number, body: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-content-type-options': 'nosniff',
        })
        res.end(JSON.stringify(body))
      }
      // A name that resolves to this machine only for a moment (DNS rebinding) would make such a
      // page same-origin: answer only under the loopback names the mailbox is reached by.
      if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return json(403, { message: 'Forbidden' })
      if (url.pathname === '/api/messages') {
        return json(200, this.list(url.searchParams.get('to') ?? undefined))
      }
      if (url.pathname === '/api/latest') {
        const to = url.searchParams.get('to')
        const latest = to ? this.list(to)[0] : this.mails.at(-1)
        return latest ? json(200, latest) : json(404, { message: 'No mail for that address' })
      }
      const html = (body: string) => {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'x-frame-options': 'DENY',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        })
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Emmer mailbox</title>` +
            `<style>body{font-family:system-ui;max-width:50rem;margin:2rem auto;padding:0 1rem}` +
            `pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>${body}</body></html>`,
        )
      }
      const match = /^\/m\/([\w-]+)$/.exec(url.pathname)
      if (match) {
        const mail = this.mails.find((m) => m.id === match[1])
        if (!mail) return json(404, { message: 'Not found' })
        return html(
          `<p><a href="/">All mail</a></p><h1>${escapeHtml(mail.subject)}</h1>` +
            `<p>To: ${escapeHtml(mail.to)}<br>Sent: ${mail.sentAt}</p><pre>${escapeHtml(mail.text)}</pre>`,
        )
      }
      if (url.pathname === '/') {
        const rows = this.list()
          .map(
            (m) =>
              `<li><a href="/m/${m.id}">${escapeHtml(m.subject)}</a> to ${escapeHtml(m.to)} <small>${m.sentAt}</small></li>`,
          )
          .join('')
        return html(`<h1>Emmer mailbox</h1><ul>${rows || '<li>No mail yet</li>'}</ul>`)
      }
      json(404, { message: 'Not found' })
    })
    this.server = server
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
  }

  /**
   * A minimal SMTP receiver (for `npm run digest` and anything else that speaks SMTP), so that
   * mail sent over SMTP lands in this mailbox too. Local only: no auth, no TLS.
   */
  listenSmtp(port: number): Promise<number> {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const parsed = parseMime(Buffer.concat(chunks).toString('latin1'))
          const to = session.envelope.rcptTo.map((r) => r.address)
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined
          Promise.all(
            to.map((address) =>
              this.send({
                to: address,
                from,
                subject: parsed.subject,
                text: parsed.text,
                html: parsed.html,
                replyTo: parsed.replyTo,
              }),
            ),
          )
            .then(() => callback())
            .catch(callback)
        })
      },
    })
    this.smtp = smtp
    return new Promise((resolve) =>
      smtp.listen(port, '127.0.0.1', () =>
        resolve((smtp.server.address() as { port: number }).port),
      ),
    )
  }

  private smtp?: SMTPServer

  async close(): Promise<void> {
    if (this.smtp) await new Promise<void>((r) => this.smtp!.close(() => r()))
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
}

/** Subject, plain text and HTML (when there is an HTML part) of a simple MIME message. */
function parseMime(raw: string): {
  subject: string
  text: string
  html?: string
  replyTo?: string
} {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? ''
  const boundary = /boundary="?([^";]+)"?/i.exec(header('Content-Type'))?.[1]
  const decode = (content: string, encoding: string) => {
    const bytes =
      encoding === 'base64'
        ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              content
                .replace(/=\r\n/g, '')
                .replace(/=([0-9A-F]{2})/gi, (_, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              'latin1',
            )
          : Buffer.from(content, 'latin1')
    return bytes.toString('utf8').replace(/\r\n/g, '\n').trimEnd()
  }
  let text: string
  let html: string | undefined
  if (boundary) {
    const part = (type: string) => {
      const found = body
        .split(`--${boundary}`)
        .find((p) => new RegExp(`content-type:\\s*text/${type}`, 'i').test(p))
      if (!found) return undefined
      const partSplit = found.indexOf('\r\n\r\n')
      const encoding =
        /content-transfer-encoding:\s*(\S+)/i.exec(found.slice(0, partSplit))?.[1].toLowerCase() ??
        ''
      return decode(found.slice(partSplit + 4), encoding)
    }
    text = part('plain') ?? ''
    html = part('html')
  } else {
    const decoded = decode(body, header('Content-Transfer-Encoding').toLowerCase())
    if (/text\/html/i.test(header('Content-Type'))) html = decoded
    text = html === undefined ? decoded : ''
  }
  // RFC 2047: adjacent encoded words are one text (whitespace between them is dropped), and a
  // character may be split across two of them, so the bytes are joined before UTF-8 decoding.
  const wordBytes = (kind: string, data: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        )
  const decodeWord = (s: string) =>
    s.replace(/(?:=\?utf-8\?[BQ]\?[^?]*\?=\s*)+/gi, (run) => {
      const trailing = /\s*$/.exec(run)![0]
      const bytes = [...run.matchAll(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi)].map((m) =>
        wordBytes(m[1], m[2]),
      )
      return Buffer.concat(bytes).toString('utf8') + trailing
    })
  const replyTo = header('Reply-To').trim()
  return { subject: decodeWord(header('Subject')), text, html, ...(replyTo ? { replyTo } : {}) }
}
