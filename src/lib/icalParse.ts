// A strict reader of iCalendar text as src/lib/ical.ts writes it; the tests read files and feeds
// back with it. It refuses what RFC 5545 forbids (bare LF, lines over 75 octets, unbalanced
// BEGIN/END) instead of guessing, and gives the components back with their values unescaped.

export interface IcalProperty {
  name: string
  params: Record<string, string>
  value: string
}

export interface IcalComponent {
  type: string
  props: IcalProperty[]
  children: IcalComponent[]
}

/** The first value of a property, unescaped as TEXT. */
export function prop(c: IcalComponent, name: string): string | undefined {
  const p = c.props.find((x) => x.name === name)
  return p === undefined ? undefined : unescapeText(p.value)
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

export function parseIcal(text: string): IcalComponent {
  if (!text.endsWith('\r\n')) throw new Error('does not end with CRLF')
  const raw = text.slice(0, -2).split('\r\n')
  const encoder = new TextEncoder()
  for (const line of raw) {
    if (line.includes('\n') || line.includes('\r')) throw new Error(`bare line break in ${line}`)
    if (encoder.encode(line).length > 75) throw new Error(`line over 75 octets: ${line}`)
  }
  // Unfold: a line that starts with a space or tab continues the one before.
  const lines: string[] = []
  for (const line of raw) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!lines.length) throw new Error('continuation without a line')
      lines[lines.length - 1] += line.slice(1)
    } else lines.push(line)
  }
  const root: IcalComponent = { type: '', props: [], children: [] }
  const stack: IcalComponent[] = [root]
  for (const line of lines) {
    // The value may hold U+2028/U+2029, which `.` alone would not match: hence the s flag.
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,"]*))*):(.*)$/s.exec(line)
    if (!m) throw new Error(`not a content line: ${line}`)
    const [, name, paramText, value] = m
    const params: Record<string, string> = {}
    for (const pm of paramText.matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^;:,"]*)/g)) {
      params[pm[1].toUpperCase()] = pm[2].replace(/^"|"$/g, '')
    }
    const upper = name.toUpperCase()
    const top = stack[stack.length - 1]
    if (upper === 'BEGIN') {
      const child: IcalComponent = { type: value, props: [], children: [] }
      top.children.push(child)
      stack.push(child)
    } else if (upper === 'END') {
      if (top.type !== value) throw new Error(`END:${value} closes ${top.type}`)
      stack.pop()
    } else top.props.push({ name: upper, params, value })
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('unbalanced components')
  return root.children[0]
}

/** The VEVENTs of a calendar. */
export function vevents(cal: IcalComponent): IcalComponent[] {
  return cal.children.filter((c) => c.type === 'VEVENT')
}
