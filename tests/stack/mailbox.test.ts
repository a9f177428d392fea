// The dev mailbox holds sign-in codes. Other websites open in a developer's browser must not read
// it: no CORS grant, and no answer under a host name that is not this machine (DNS rebinding).
import { describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { stackInfo } from '../support/clients.ts'

/** A GET with headers node's fetch will not let us set (Host). */
function get(path: string, headers: Record<string, string>) {
  const url = new URL(path, stackInfo().mailboxUrl)
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, headers },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        },
      )
      req.on('error', reject)
      req.end()
    },
  )
}

describe('the dev mailbox', () => {
  it('gives another website no CORS grant to read the mail', async () => {
    for (const path of ['/api/messages', '/api/latest', '/']) {
      const res = await fetch(`${stackInfo().mailboxUrl}${path}`, {
        headers: { origin: 'http://evil.example' },
      })
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull()
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull()
    }
    const preflight = await fetch(`${stackInfo().mailboxUrl}/api/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers only under its own host names, so a rebound DNS name reads nothing', async () => {
    const port = new URL(stackInfo().mailboxUrl).port
    const rebound = await get('/api/messages', { host: `evil.example:${port}` })
    expect(rebound.status).toBe(403)
    expect(rebound.body).not.toContain('@')
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const ok = await get('/api/messages', { host })
      expect(ok.status, host).toBe(200)
      expect(JSON.parse(ok.body)).toBeInstanceOf(Array)
    }
  })
})

describe('mail over SMTP', () => {
  it('keeps subject, text and HTML whole in any script, also across encoded words', async () => {
    const { default: nodemailer } = await import('nodemailer')
    const { latestMail, uniqueEmail } = await import('../support/clients.ts')
    const to = uniqueEmail('smtp')
    // Long enough that nodemailer splits it into several encoded words, mid-character.
    const subject =
      'ردّ الفريق على فكرتك — Zespół odpowiedział na Twój pomysł — Ekip fikrine yanıt verdi'
    const transport = nodemailer.createTransport(stackInfo().smtpUrl!)
    await transport.sendMail({
      from: 'Emmer <noreply@emmer.test>',
      to,
      subject,
      text: 'Tekst: ąęśćż',
      html: '<p lang="ar">مرحبًا</p>',
    })
    transport.close()
    const mail = await latestMail(to)
    expect(mail?.subject).toBe(subject)
    expect(mail?.text).toBe('Tekst: ąęśćż')
    expect(mail?.html).toBe('<p lang="ar">مرحبًا</p>')
  })
})
