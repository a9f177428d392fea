// The small part of Go's html/template that Emmer's mail templates and subjects use, so the local
// Auth renders the very files a hosted project's Auth renders (supabase/templates/, config.toml):
//   {{ .Token }}, {{ .Data.locale }}            a value, HTML-escaped (missing: empty)
//   {{ if eq .Data.locale "ar" }} … {{ else if … }} … {{ else }} … {{ end }}
//   {{ if .NewEmail }}                           truthiness
//   {{/* comment */}}, and {{- / -}} trimming
// Anything else throws, so a template that needs more fails its test instead of rendering wrong.
// As in Go since 1.18, `eq` with a missing value is false, not an error.

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: string[] }
  | { kind: 'if'; branches: { cond: Cond | null; body: Node[] }[] }

type Arg = { path: string[] } | { literal: string }
type Cond = { eq: [Arg, ...Arg[]] } | { truthy: Arg }

function parseArg(token: string, source: string): Arg {
  if (/^"(?:[^"\\]|\\.)*"$/.test(token)) return { literal: JSON.parse(token) as string }
  if (/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(token)) return { path: token.slice(1).split('.') }
  throw new Error(`Unsupported template argument ${token} in {{ ${source} }}`)
}

function parseCond(expr: string): Cond {
  const tokens = expr.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []
  if (tokens[0] === 'eq' && tokens.length >= 3) {
    const args = tokens.slice(1).map((t) => parseArg(t, expr))
    return { eq: args as [Arg, ...Arg[]] }
  }
  if (tokens.length === 1) return { truthy: parseArg(tokens[0], expr) }
  throw new Error(`Unsupported template condition {{ if ${expr} }}`)
}

export function parseTemplate(source: string): Node[] {
  const root: Node[] = []
  const stack: { node: Extract<Node, { kind: 'if' }>; body: Node[] }[] = []
  let body = root
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g
  let last = 0
  let trimNext = false
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index)
    if (trimNext) text = text.replace(/^\s+/, '')
    if (m[1] === '-') text = text.replace(/\s+$/, '')
    if (text) body.push({ kind: 'text', text })
    trimNext = m[3] === '-'
    last = re.lastIndex
    const action = m[2]
    if (/^\/\*[\s\S]*\*\/$/.test(action)) continue
    const ifMatch = /^if\s+(.+)$/.exec(action)
    const elseIf = /^else\s+if\s+(.+)$/.exec(action)
    if (ifMatch) {
      const node: Extract<Node, { kind: 'if' }> = {
        kind: 'if',
        branches: [{ cond: parseCond(ifMatch[1]), body: [] }],
      }
      body.push(node)
      stack.push({ node, body })
      body = node.branches[0].body
    } else if (elseIf || action === 'else') {
      const open = stack.at(-1)
      if (!open) throw new Error(`{{ ${action} }} without {{ if }}`)
      const branch = { cond: elseIf ? parseCond(elseIf[1]) : null, body: [] as Node[] }
      open.node.branches.push(branch)
      body = branch.body
    } else if (action === 'end') {
      const open = stack.pop()
      if (!open) throw new Error('{{ end }} without {{ if }}')
      body = open.body
    } else {
      const arg = parseArg(action, action)
      if (!('path' in arg)) throw new Error(`Unsupported template action {{ ${action} }}`)
      body.push({ kind: 'value', path: arg.path })
    }
  }
  if (stack.length) throw new Error('{{ if }} without {{ end }}')
  let text = source.slice(last)
  if (trimNext) text = text.replace(/^\s+/, '')
  if (text) root.push({ kind: 'text', text })
  return root
}

function lookup(data: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
    data,
  )
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"'+]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '+': '&#43;' })[c]!,
  )

function valueOf(arg: Arg, data: Record<string, unknown>): unknown {
  return 'literal' in arg ? arg.literal : lookup(data, arg.path)
}

function holds(cond: Cond, data: Record<string, unknown>): boolean {
  if ('truthy' in cond) {
    const v = valueOf(cond.truthy, data)
    return v !== undefined && v !== null && v !== '' && v !== false && v !== 0
  }
  const [first, ...rest] = cond.eq.map((a) => valueOf(a, data))
  return rest.some((v) => v !== undefined && first !== undefined && v === first)
}

function renderNodes(nodes: Node[], data: Record<string, unknown>): string {
  let out = ''
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text
    else if (node.kind === 'value') {
      const v = lookup(data, node.path)
      out += v === undefined || v === null ? '' : escapeHtml(String(v))
    } else {
      const branch = node.branches.find((b) => b.cond === null || holds(b.cond, data))
      if (branch) out += renderNodes(branch.body, data)
    }
  }
  return out
}

/** Renders a template the way Auth's html/template does for these parts. */
export function renderTemplate(source: string, data: Record<string, unknown>): string {
  return renderNodes(parseTemplate(source), data)
}
