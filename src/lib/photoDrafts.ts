/**
 * Photos a resident chose but that are not yet uploaded, kept in IndexedDB beside the idea's text
 * draft (localStorage holds only text; a prepared photo is a few hundred KB of Blob). They are
 * keyed by the photo's own id (also its database row id, so a retry finds its row) and grouped
 * by idea id (the draft's id is the idea's id). A reload, a failed or a cancelled upload keeps
 * them; an upload that arrived or a photo the resident removed clears them.
 *
 * Two stores: `files` holds the Blobs and is written once per photo; `photos` holds the small
 * part (description, order, sizes) and is written as the description is typed.
 *
 * Without IndexedDB (blocked, private mode, full disk) everything here quietly does nothing: the
 * form still works, only without this safety net.
 */
import type { PreparedPhoto } from './photoPrepare'

const DB_NAME = 'emmer-photo-drafts'
const DB_VERSION = 1

export interface PhotoDraft {
  id: string
  ideaId: string
  description: string
  /** When chosen, for the order. */
  addedAt: number
  /** Sent off with its idea (it belongs to the upload queue now, not to the form). */
  queued: boolean
  prepared: PreparedPhoto
}

interface PhotoRecord {
  id: string
  ideaId: string
  description: string
  addedAt: number
  queued: boolean
  format: PreparedPhoto['format']
  width: number
  height: number
  thumbWidth: number
  thumbHeight: number
}

interface FileRecord {
  id: string
  full: Blob
  thumb: Blob
}

let opening: Promise<IDBDatabase | null> | null = null

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null)
      const request = indexedDB.open(DB_NAME, DB_VERSION)
      request.onupgradeneeded = () => {
        const db = request.result
        const photos = db.createObjectStore('photos', { keyPath: 'id' })
        photos.createIndex('ideaId', 'ideaId')
        db.createObjectStore('files', { keyPath: 'id' })
      }
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => resolve(null)
      request.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
  return opening
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** Keeps a newly chosen photo, Blobs and all. */
export async function keepPhotoDraft(photo: PhotoDraft): Promise<void> {
  const db = await open()
  if (!db) return
  try {
    const tx = db.transaction(['photos', 'files'], 'readwrite')
    const p = photo.prepared
    tx.objectStore('files').put({ id: photo.id, full: p.full, thumb: p.thumb } satisfies FileRecord)
    tx.objectStore('photos').put({
      id: photo.id,
      ideaId: photo.ideaId,
      description: photo.description,
      addedAt: photo.addedAt,
      queued: photo.queued,
      format: p.format,
      width: p.width,
      height: p.height,
      thumbWidth: p.thumbWidth,
      thumbHeight: p.thumbHeight,
    } satisfies PhotoRecord)
    await done(tx)
  } catch {
    // Quota or a closed database: the photo stays in memory only.
  }
}

/** Keeps a changed description or the move to the upload queue (the Blobs are already there). */
export async function changePhotoDraft(
  id: string,
  change: Partial<Pick<PhotoRecord, 'description' | 'queued'>>,
): Promise<void> {
  const db = await open()
  if (!db) return
  try {
    const tx = db.transaction('photos', 'readwrite')
    const store = tx.objectStore('photos')
    const record = (await result(store.get(id))) as PhotoRecord | undefined
    if (record) store.put({ ...record, ...change })
    await done(tx)
  } catch {
    // ignore, as above
  }
}

/** The kept photos of one idea (or draft), in the order they were chosen: in the form, or queued. */
export async function photoDraftsOf(ideaId: string, queued: boolean): Promise<PhotoDraft[]> {
  const db = await open()
  if (!db) return []
  try {
    const tx = db.transaction(['photos', 'files'], 'readonly')
    const records = (await result(
      tx.objectStore('photos').index('ideaId').getAll(ideaId),
    )) as PhotoRecord[]
    const files = (await Promise.all(
      records.map((r) => result(tx.objectStore('files').get(r.id))),
    )) as (FileRecord | undefined)[]
    const out: PhotoDraft[] = []
    records.forEach((r, i) => {
      const f = files[i]
      if (!f || Boolean(r.queued) !== queued) return
      out.push({
        id: r.id,
        ideaId: r.ideaId,
        description: r.description,
        addedAt: r.addedAt,
        queued: Boolean(r.queued),
        prepared: {
          full: f.full,
          thumb: f.thumb,
          format: r.format,
          width: r.width,
          height: r.height,
          thumbWidth: r.thumbWidth,
          thumbHeight: r.thumbHeight,
        },
      })
    })
    return out.sort((a, b) => a.addedAt - b.addedAt)
  } catch {
    return []
  }
}

/** Forgets a photo: it arrived, or the resident removed it. */
export async function forgetPhotoDraft(id: string): Promise<void> {
  const db = await open()
  if (!db) return
  try {
    const tx = db.transaction(['photos', 'files'], 'readwrite')
    tx.objectStore('photos').delete(id)
    tx.objectStore('files').delete(id)
    await done(tx)
  } catch {
    // ignore: at worst a photo shows up again and can be removed
  }
}
