import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = join(__dirname, 'locales')
type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  )
}

function load(file: string): Tree {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree
}

const source = flatten(load('nl.json'))
const others = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'nl.json')

describe('locale files', () => {
  it('has the four translations', () => {
    expect(others.sort()).toEqual(['ar.json', 'en.json', 'pl.json', 'tr.json'])
  })

  it.each(others)('%s has exactly the keys of nl.json', (file) => {
    const keys = flatten(load(file))
    expect(
      keys.filter((k) => !source.includes(k)),
      'extra keys',
    ).toEqual([])
    expect(
      source.filter((k) => !keys.includes(k)),
      'missing keys',
    ).toEqual([])
  })

  it.each(['nl.json', ...others])('%s keeps its keys sorted', (file) => {
    const check = (tree: Tree) => {
      const keys = Object.keys(tree)
      expect(keys).toEqual([...keys].sort())
      for (const value of Object.values(tree)) if (typeof value !== 'string') check(value)
    }
    check(load(file))
  })
})
