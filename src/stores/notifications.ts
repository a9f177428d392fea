import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  fetchNotification,
  listNotifications,
  markAllRead,
  markRead,
  type Notification,
} from '@/api/notifications'
import { subscribeChanges } from '@/api/realtime'

/** The signed-in person's messages, kept live for the badge in the header. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const unread = computed(() => items.value.filter((n) => !n.read_at).length)
  let stop: (() => void) | null = null
  let currentUser: string | null = null

  async function refresh() {
    if (!currentUser) return
    items.value = await listNotifications(currentUser).catch(() => items.value)
  }

  function watchUser(userId: string | null) {
    stop?.()
    stop = null
    currentUser = userId
    items.value = []
    if (!userId) return
    void refresh()
    stop = subscribeChanges(
      'notifications',
      [
        {
          table: 'notifications',
          event: 'INSERT',
          filter: `user_id=eq.${userId}`,
          handler: ({ new: row }) => void added(row as unknown as Notification),
        },
        {
          // Read elsewhere: on another device, or settled when a colleague resolved the report.
          table: 'notifications',
          event: 'UPDATE',
          filter: `user_id=eq.${userId}`,
          handler: ({ new: row }) => {
            const changed = row as unknown as Notification
            items.value = items.value.map((n) => (n.id === changed.id ? { ...n, ...changed } : n))
          },
        },
      ],
      () => {},
      () => void refresh(),
    )
  }

  /**
   * A new bericht from Realtime carries only its own columns: show it at once, then fill in the
   * idea's title and status from the API (under RLS, like the list).
   */
  async function added(row: Notification) {
    const plain = { ...row, idea: null, idea_update: null }
    items.value = [plain, ...items.value.filter((n) => n.id !== row.id)]
    const full = await fetchNotification(row.id).catch(() => null)
    if (!full) return
    // Keep a read mark that arrived in the meantime.
    items.value = items.value.map((n) =>
      n.id === full.id ? { ...full, read_at: n.read_at ?? full.read_at } : n,
    )
  }

  /** Marks one bericht read, e.g. when the person opens it. */
  async function read(id: string) {
    const item = items.value.find((n) => n.id === id)
    if (!item || item.read_at) return
    await markRead(id)
    const now = new Date().toISOString()
    items.value = items.value.map((n) => (n.id === id ? { ...n, read_at: n.read_at ?? now } : n))
  }

  async function readAll() {
    if (!currentUser) return
    await markAllRead(currentUser)
    const now = new Date().toISOString()
    items.value = items.value.map((n) => ({ ...n, read_at: n.read_at ?? now }))
  }

  return { items, unread, watchUser, refresh, read, readAll }
})
