// Which redirect targets a link may send people to: the site itself, or the allow list. A target
// is parsed as a URL and compared by scheme, host and port; the text of the target is never
// trusted on its own, because a glob over the text also matches user-info (`http://localhost:x@evil/`).

/**
 * GoTrue compiles allow-list entries as globs with '.' and '/' as separators: `*` matches within
 * one part, `**` matches anything. So `http://localhost:*\/**` allows any port and any path.
 */
export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*'
      i++
    } else if (c === '*') re += '[^./]*'
    else if (c === '?') re += '[^./]'
    else re += c.replace(/[\\^$+?.()|[\]{}]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** scheme://authority and the rest, split as written (the authority ends at / ? or #). */
const PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i
/** A host name as GoTrue accepts one: letters, digits, dots and hyphens, no trailing dot. */
const HOST_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

interface Rule {
  scheme: string
  /** The host as written in the entry, when it has no wildcard: IP hosts must match it exactly. */
  literalHost: string | undefined
  authority: RegExp
  rest: RegExp
}

function ruleFor(entry: string): Rule | undefined {
  const m = PARTS.exec(entry.trim())
  if (!m) return undefined
  const [, scheme, authority, rest] = m
  const host = authority.toLowerCase().replace(/:[^:\]]*$/, '')
  return {
    scheme: `${scheme.toLowerCase()}:`,
    literalHost: /[*?]/.test(host) ? undefined : host,
    authority: globToRegExp(authority.toLowerCase()),
    rest: globToRegExp(rest),
  }
}

/**
 * The target as a URL when it is written plainly: http(s), no user-info, no backslash, space or
 * control character, and an authority that is already in the form the URL parser gives back. So
 * `http://2130706433/`, `http://0x7f.1/`, `http://127.1/`, a trailing dot on an IP, percent
 * escapes or Unicode in the host (which the parser turns into punycode) are all refused here.
 */
function plainUrl(target: string): { url: URL; rest: string } | undefined {
  if (target.length > 2048 || /[\\\s\x00-\x1f\x7f]/.test(target)) return undefined
  const m = PARTS.exec(target)
  if (!m) return undefined
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.username || url.password || m[2].toLowerCase() !== url.host) return undefined
  const host = url.hostname
  const isIp = host.startsWith('[') || IPV4.test(host)
  if (!isIp && !HOST_NAME.test(host)) return undefined
  return { url, rest: m[3].split('#')[0] }
}

const isIpHost = (host: string) => host.startsWith('[') || IPV4.test(host)

export function createRedirectCheck(siteUrl: string, allowList: string[]) {
  const site = new URL(siteUrl)
  const rules = allowList.map(ruleFor).filter((r): r is Rule => !!r)
  return {
    siteUrl,
    /**
     * The target itself when allowed, else the site URL (as GoTrue does). Allowed: the site's
     * own scheme, host and port, or an allow-list entry whose scheme matches and whose globs match
     * the host and port and the rest. An IP host (v4 or v6) only where an entry, or the site URL,
     * names that very address: GoTrue also lets any loopback address through.
     */
    resolve(target: string | null | undefined): string {
      if (!target) return siteUrl
      const plain = plainUrl(target)
      if (!plain) return siteUrl
      const { url, rest } = plain
      if (url.origin === site.origin) return target
      const allowed = rules.some(
        (r) =>
          r.scheme === url.protocol &&
          r.authority.test(url.host) &&
          r.rest.test(rest) &&
          (!isIpHost(url.hostname) || r.literalHost === url.hostname),
      )
      return allowed ? target : siteUrl
    },
  }
}
