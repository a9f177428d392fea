// npm run bench:web — the production build's size as a first visit to the home page downloads it
// (gzip), and the size of every lazy chunk. Budgets: home-route JS ≤ 110 KB (issue #14), CSS ≤ 30 KB.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

const HOME_VIEW = 'src/views/ideas/IdeasListView.vue'
const outDir = mkdtempSync(join(tmpdir(), 'emmer-bench-web-'))
try {
  await build({ logLevel: 'error', build: { outDir, manifest: true, emptyOutDir: true } })
  const manifest = JSON.parse(
    readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>
  const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

  // Everything a first visit to "/" loads: the entry, the home view, and their static imports.
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || js.has(chunk.file)) return
    js.add(chunk.file)
    chunk.css?.forEach((c) => css.add(c))
    chunk.imports?.forEach(visit)
  }
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)!
  visit(entryKey)
  if (manifest[HOME_VIEW]) visit(HOME_VIEW)
  const jsBytes = [...js].reduce((sum, f) => sum + gz(f), 0)
  const cssBytes = [...css].reduce((sum, f) => sum + gz(f), 0)

  console.log('bench:web — production build, gzip level 9')
  console.log(
    `  home route first-load JS:  ${kb(jsBytes)} in ${js.size} files  [budget 110 KB] ${jsBytes <= 110 * 1024 ? 'OK' : 'OVER'}`,
  )
  console.log(
    `  home route first-load CSS: ${kb(cssBytes)} in ${css.size} files  [budget 30 KB] ${cssBytes <= 30 * 1024 ? 'OK' : 'OVER'}`,
  )
  console.log('  lazy chunks (gzip):')
  const lazy = Object.values(manifest)
    .filter((c) => !js.has(c.file) && c.file.endsWith('.js'))
    .map((c) => ({ name: c.src ?? c.file, size: gz(c.file) }))
    .sort((a, b) => b.size - a.size)
  for (const c of lazy) console.log(`    ${kb(c.size).padStart(9)}  ${c.name}`)
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
