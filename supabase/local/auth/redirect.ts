// Which redirect targets a link may send people to: the site itself, or the allow list.

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

export function createRedirectCheck(siteUrl: string, allowList: string[]) {
  const site = new URL(siteUrl)
  const patterns = allowList.map(globToRegExp)
  return {
    siteUrl,
    /** The target itself when allowed, else the site URL (as GoTrue does). */
    resolve(target: string | null | undefined): string {
      if (!target) return siteUrl
      let url: URL
      try {
        url = new URL(target)
      } catch {
        return siteUrl
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return siteUrl
      // Same origin as the site (stricter than GoTrue, which only compares the host name).
      if (url.origin === site.origin) return target
      return patterns.some((p) => p.test(target)) ? target : siteUrl
    },
  }
}
