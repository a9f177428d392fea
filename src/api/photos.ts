/**
 * Photos on ideas (issue 15): a row in idea_photos, then its two files in the private Storage
 * bucket idea-photos. The database and Storage decide who may add, read and remove (RLS on
 * idea_photos and storage.objects); this module only asks.
 */
import { publishableKey, supabase, supabaseUrl } from './supabase'

/**
 * The Storage client. In the production build storage-js loads on first use (src/api/storageLazy.ts):
 * everything here waits for it first.
 */
async function storage() {
  await (supabase.storage as unknown as { load?: () => Promise<unknown> }).load?.()
  return supabase.storage
}
import { ApiError, check, toApiError, type ErrorReason } from './errors'
import type { PreparedPhoto } from '@/lib/photoPrepare'

export const PHOTO_BUCKET = 'idea-photos'
/** Signed URLs live an hour: long enough for a visit, short enough not to become a link. */
const SIGNED_SECONDS = 3600

export interface IdeaPhoto {
  id: string
  idea_id: string
  author_id: string
  position: number
  description: string
  width: number
  height: number
  thumb_width: number
  thumb_height: number
  path: string
  thumb_path: string
  hidden_at: string | null
  hidden_reason: string | null
}

export interface ShownPhoto extends IdeaPhoto {
  url: string | null
  thumbUrl: string | null
}

const COLUMNS =
  'id, idea_id, author_id, position, description, width, height, thumb_width, thumb_height, path, thumb_path, hidden_at, hidden_reason'

/** Storage answers with a logical `statusCode` (HTTP 400 for all client errors). */
export function storageReason(error: unknown): ErrorReason {
  const e = (error ?? {}) as { statusCode?: string; message?: string }
  switch (e.statusCode) {
    case '413':
      return 'photoTooLarge'
    case '415':
      return 'photoWrongType'
    case '403':
      return 'notAllowed'
    case '409':
      return 'duplicate'
    case '404':
      return 'notFound'
    case '400':
      return /invalid key/i.test(e.message ?? '') ? 'photoNameInvalid' : 'unknown'
  }
  return toApiError(error).reason
}

async function sign(paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (paths.length === 0) return out
  const { data, error } = await (
    await storage()
  )
    .from(PHOTO_BUCKET)
    .createSignedUrls(paths, SIGNED_SECONDS)
  if (error) throw new ApiError(storageReason(error), undefined, error)
  for (const d of data) if (d.path && d.signedUrl) out.set(d.path, d.signedUrl)
  return out
}

/** The photos of one idea, with signed URLs for the photo and its thumbnail (one request). */
export async function photosOfIdea(ideaId: string): Promise<ShownPhoto[]> {
  const { data, error } = await supabase
    .from('idea_photos')
    .select(COLUMNS)
    .eq('idea_id', ideaId)
    .order('position')
  if (error) throw toApiError(error)
  const rows = (data ?? []) as IdeaPhoto[]
  const urls = await sign(rows.flatMap((r) => [r.path, r.thumb_path]))
  return rows.map((r) => ({
    ...r,
    url: urls.get(r.path) ?? null,
    thumbUrl: urls.get(r.thumb_path) ?? null,
  }))
}

export interface CardThumb {
  url: string
  alt: string
  width: number
  height: number
}

/** The first visible photo of each idea on a list page: one query and one signing request. */
export async function thumbnailsFor(ideaIds: string[]): Promise<Map<string, CardThumb>> {
  const out = new Map<string, CardThumb>()
  if (ideaIds.length === 0) return out
  const { data, error } = await supabase
    .from('idea_photos')
    .select('idea_id, position, description, thumb_path, thumb_width, thumb_height, hidden_at')
    .in('idea_id', ideaIds)
    .is('hidden_at', null)
    .order('position')
  if (error) throw toApiError(error)
  const first = new Map<string, (typeof data)[number]>()
  for (const row of data ?? []) if (!first.has(row.idea_id)) first.set(row.idea_id, row)
  const urls = await sign([...first.values()].flatMap((r) => (r.thumb_path ? [r.thumb_path] : [])))
  for (const [ideaId, row] of first) {
    const url = row.thumb_path ? urls.get(row.thumb_path) : undefined
    if (url)
      out.set(ideaId, {
        url,
        alt: row.description,
        width: row.thumb_width,
        height: row.thumb_height,
      })
  }
  return out
}

export interface UploadProgress {
  /** 0..1 over both files. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

/** One file, by XHR so the browser reports progress and the upload can be cancelled. */
function putFile(
  path: string,
  blob: Blob,
  token: string,
  onProgress: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const encoded = path.split('/').map(encodeURIComponent).join('/')
    xhr.open('POST', `${supabaseUrl}/storage/v1/object/${PHOTO_BUCKET}/${encoded}`)
    xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.setRequestHeader('apikey', publishableKey)
    xhr.setRequestHeader('x-upsert', 'false')
    xhr.upload.onprogress = (e) => onProgress(e.loaded)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve()
      let body: unknown = {}
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // not JSON
      }
      // A retry after a lost response: the file is already there.
      if ((body as { statusCode?: string }).statusCode === '409') return resolve()
      reject(new ApiError(storageReason(body), undefined, body))
    }
    xhr.onerror = () => reject(new ApiError('offline'))
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'))
    if (signal) {
      // Cancelled before this file started: an unsent XHR's abort() fires no event.
      if (signal.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'))
      signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    const form = new FormData()
    form.append('cacheControl', '3600')
    form.append('', blob)
    xhr.send(form)
  })
}

/**
 * Adds a photo to an idea: first its row (the id is made by the caller and kept across retries,
 * so a retry finds its own row), then the photo and the thumbnail.
 */
export async function addPhoto(
  photoId: string,
  ideaId: string,
  authorId: string,
  photo: PreparedPhoto,
  description: string,
  opts: UploadProgress = {},
): Promise<IdeaPhoto> {
  const row = {
    id: photoId,
    idea_id: ideaId,
    author_id: authorId,
    format: photo.format,
    description: description.trim(),
    width: photo.width,
    height: photo.height,
    thumb_width: photo.thumbWidth,
    thumb_height: photo.thumbHeight,
  }
  let saved: IdeaPhoto
  const inserted = await supabase.from('idea_photos').insert(row).select(COLUMNS).single()
  if (inserted.error) {
    if (inserted.error.code !== '23505') throw photoError(inserted.error)
    const again = await supabase.from('idea_photos').select(COLUMNS).eq('id', photoId).single()
    if (again.error) throw photoError(inserted.error)
    saved = again.data as IdeaPhoto
  } else saved = inserted.data as IdeaPhoto
  const { data } = await supabase.auth.getSession()
  const token = data.session?.access_token
  if (!token) throw new ApiError('signInNeeded')
  const total = photo.thumb.size + photo.full.size
  const report = (done: number) => opts.onProgress?.(Math.min(1, done / total))
  await putFile(saved.thumb_path, photo.thumb, token, (n) => report(n), opts.signal)
  await putFile(saved.path, photo.full, token, (n) => report(photo.thumb.size + n), opts.signal)
  report(total)
  return saved
}

/** The database's photo rules are named in errors.ts (IDEA_RULES, LIMITS). */
export function photoError(error: unknown): ApiError {
  return toApiError(error)
}

/** The author takes a photo back: its files first (through Storage), then the row. */
export async function removePhoto(photo: Pick<IdeaPhoto, 'id' | 'path' | 'thumb_path'>) {
  const { error } = await (
    await storage()
  )
    .from(PHOTO_BUCKET)
    .remove([photo.path, photo.thumb_path])
  if (error) throw new ApiError(storageReason(error), undefined, error)
  check(await supabase.from('idea_photos').delete().eq('id', photo.id))
}

/**
 * An upload the person cancelled leaves nothing behind: whichever of its two files already
 * reached Storage is removed, then its row (so the idea does not show an empty photo). The
 * photo stays in the browser (photoDrafts) and can be sent again under the same id.
 */
export async function withdrawPhoto(photoId: string): Promise<void> {
  const { data, error } = await supabase
    .from('idea_photos')
    .select('id, path, thumb_path')
    .eq('id', photoId)
    .maybeSingle()
  if (error) throw toApiError(error)
  if (data) await removePhoto(data as Pick<IdeaPhoto, 'id' | 'path' | 'thumb_path'>)
}

/**
 * Before an account is deleted: every file of the person, through the Storage API (hosted
 * Storage refuses SQL deletes from storage.objects). The rows go with the account.
 */
export async function removeAllMyPhotos(userId: string): Promise<void> {
  const { data, error } = await supabase
    .from('idea_photos')
    .select('path, thumb_path')
    .eq('author_id', userId)
  if (error) throw toApiError(error)
  const paths = (data ?? [])
    .flatMap((p) => [p.path, p.thumb_path])
    .filter((p): p is string => typeof p === 'string')
  for (let i = 0; i < paths.length; i += 500) {
    const removed = await (await storage()).from(PHOTO_BUCKET).remove(paths.slice(i, i + 500))
    if (removed.error) throw new ApiError(storageReason(removed.error), undefined, removed.error)
  }
}

export async function hidePhoto(photoId: string, reason: string): Promise<void> {
  check(await supabase.rpc('hide_idea_photo', { p_photo_id: photoId, p_reason: reason }))
}
