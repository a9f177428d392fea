// The tests run on the Node that package.json pins (the devDependency `node`), not on whatever
// Node the machine has: npm scripts and npx put node_modules/.bin/node first on the PATH.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  devDependencies: Record<string, string>
  dependencies: Record<string, string>
}
const major = (version: string) => Number(/^v?(\d+)\./.exec(version)?.[1])

describe('runtime', () => {
  it('runs on the major version of Node that package.json pins', () => {
    const pinned = pkg.devDependencies.node
    expect(pinned, 'package.json pins node as an exact devDependency').toMatch(/^\d+\.\d+\.\d+$/)
    expect(major(process.versions.node)).toBe(major(pinned))
  })

  it('has the WebSocket that realtime-js uses in Node', () => {
    expect(typeof globalThis.WebSocket).toBe('function')
  })
})
