// A real Chromium for end-to-end tests, with nothing to download: the npm package
// @sparticuz/chromium unpacks one. CHROME_PATH (or Debian's /usr/bin/chromium) wins when set,
// for developers on macOS or Windows where that build does not run.
import { existsSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { chromium as playwright, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'

const LOCAL_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * @sparticuz/chromium's flags are made for serverless functions. Some of them would make our
 * tests lie: --single-process shares storage between browser contexts (two people could not be
 * signed in at once), --disable-web-security turns off CORS and the same-origin policy.
 */
const UNSAFE_FOR_TESTS = new Set([
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
])

export async function launchBrowser(): Promise<Browser> {
  const explicit = process.env.CHROME_PATH
  if (explicit)
    return playwright.launch({ executablePath: explicit, args: LOCAL_FLAGS, headless: true })
  if (process.platform !== 'linux' && existsSync('/usr/bin/chromium')) {
    return playwright.launch({
      executablePath: '/usr/bin/chromium',
      args: LOCAL_FLAGS,
      headless: true,
    })
  }
  const { default: chromium } = await import('@sparticuz/chromium')
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [
      ...chromium.args.filter(
        (a) => !UNSAFE_FOR_TESTS.has(a) && !a.startsWith('--disable-features='),
      ),
      ...LOCAL_FLAGS,
    ],
    headless: true,
  })
}

/**
 * One Chromium for the tests of the describe block (or file) that calls this: launched before
 * them, closed after. Stands in for the browser itself, so tests use it as they would.
 */
export function browserForTests(): Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return new Proxy({} as Browser, {
    get(_, key) {
      if (!browser) throw new Error('the browser is launched in beforeAll; use it in a test')
      const value: unknown = Reflect.get(browser, key)
      return typeof value === 'function' ? value.bind(browser) : value
    },
  })
}

export function appUrl(path = '/'): string {
  return new URL(path, inject('appUrl')).toString()
}

/** Fails with the list of violations, so a failing run says what to fix. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
  )
  expect(summary).toEqual([])
}

/**
 * Resolves when the page's realtime connection next confirms a postgres_changes subscription:
 * Supabase Realtime sends a `system` message "Subscribed to PostgreSQL" once changes will reach the
 * channel, so from then on the page hears changes live. Call it before the step that makes the
 * page subscribe (a navigation), then await it: a wait on the condition, not on the clock.
 * `channel` is the feature's channel name (`idea:<id>`, `moderation-queue`, …), which the app
 * puts at the start of the topic.
 */
export function nextRealtimeSubscription(
  page: Page,
  channel: string,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the page did not subscribe to realtime changes in time')),
      timeoutMs,
    )
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string' || !payload.includes('Subscribed to PostgreSQL')) return
        const frame = JSON.parse(payload) as unknown
        // vsn 2.0.0 frames are arrays [join_ref, ref, topic, event, payload]; 1.0.0 are objects.
        const [topic, event, body] = Array.isArray(frame)
          ? [frame[2], frame[3], frame[4]]
          : [
              (frame as { topic: unknown }).topic,
              (frame as { event: unknown }).event,
              (frame as { payload: unknown }).payload,
            ]
        if (
          event === 'system' &&
          String(topic).startsWith(`realtime:${channel}`) &&
          (body as { status?: string }).status === 'ok'
        ) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  })
}
