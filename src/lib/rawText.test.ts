import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse as parseSfc } from '@vue/compiler-sfc'
import { NodeTypes, type RootNode, type TemplateChildNode } from '@vue/compiler-dom'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..')

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return vueFiles(path)
    return name.endsWith('.vue') ? [path] : []
  })
}

/** Text nodes with letters: every word a reader sees must come from vue-i18n. */
function rawTexts(node: RootNode | TemplateChildNode, found: string[] = []): string[] {
  if (node.type === NodeTypes.TEXT && /\p{L}/u.test(node.content)) found.push(node.content.trim())
  if ('children' in node && Array.isArray(node.children)) {
    for (const child of node.children as TemplateChildNode[]) rawTexts(child, found)
  }
  if (node.type === NodeTypes.IF) for (const branch of node.branches) rawTexts(branch, found)
  return found
}

describe('templates', () => {
  const files = vueFiles(root)

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(10)
  })

  it.each(files.map((f) => relative(root, f)))('%s has no untranslated text', (file) => {
    const { descriptor } = parseSfc(readFileSync(join(root, file), 'utf8'), { filename: file })
    const ast = descriptor.template?.ast
    expect(ast ? rawTexts(ast as unknown as RootNode) : []).toEqual([])
  })
})
