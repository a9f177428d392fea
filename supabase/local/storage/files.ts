// The bytes of every object, under the stack's data folder: `<root>/objects/<version>`, where
// `version` is a fresh UUID per upload (as upstream keys its backend by version). Object names
// never reach the file system, so no name can point outside the folder. A new version is written
// to `<root>/tmp/` first and renamed into place once complete.
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ERRORS } from './errors.ts'
import { SNIFF_BYTES } from './sniff.ts'

export interface Written {
  version: string
  size: number
  eTag: string
  head: Buffer
}

export function createFileStore(root: string) {
  const objects = join(root, 'objects')
  const tmp = join(root, 'tmp')
  const path = (version: string) => {
    if (!/^[0-9a-f-]{36}$/.test(version)) throw ERRORS.internal('Invalid object version')
    return join(objects, version)
  }

  return {
    async init() {
      await mkdir(objects, { recursive: true })
      await rm(tmp, { recursive: true, force: true })
      await mkdir(tmp, { recursive: true })
    },

    /** Streams `body` to a new version; refuses with EntityTooLarge past `limit` bytes. */
    async write(body: Readable | AsyncIterable<Uint8Array>, limit: number): Promise<Written> {
      const version = randomUUID()
      const temp = join(tmp, version)
      const hash = createHash('md5')
      let size = 0
      const heads: Buffer[] = []
      let headLength = 0
      async function* counted(source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          const buf = Buffer.from(chunk)
          size += buf.length
          if (size > limit) throw ERRORS.entityTooLarge()
          if (headLength < SNIFF_BYTES) {
            heads.push(buf.subarray(0, SNIFF_BYTES - headLength))
            headLength += Math.min(buf.length, SNIFF_BYTES - headLength)
          }
          hash.update(buf)
          yield buf
        }
      }
      try {
        await pipeline(body, counted, createWriteStream(temp, { flags: 'wx' }))
        const handle = await open(temp, 'r')
        await handle.sync().finally(() => handle.close())
        await rename(temp, path(version))
      } catch (e) {
        await rm(temp, { force: true })
        throw e
      }
      return { version, size, eTag: `"${hash.digest('hex')}"`, head: Buffer.concat(heads) }
    },

    async copy(fromVersion: string): Promise<string> {
      const version = randomUUID()
      await copyFile(path(fromVersion), path(version))
      return version
    },

    async size(version: string) {
      return (await stat(path(version))).size
    },

    read(version: string) {
      return createReadStream(path(version))
    },

    async remove(versions: (string | null | undefined)[]) {
      await Promise.all(
        versions.filter((v): v is string => !!v).map((v) => rm(path(v), { force: true })),
      )
    },
  }
}

export type FileStore = ReturnType<typeof createFileStore>
