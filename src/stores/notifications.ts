import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { listNotifications, markAllRead, type Notification } from '@/api/notifications'
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
    let lost = false
    stop = subscribeChanges(
      'notifications',
      [
        {
          table: 'notifications',
          event: 'INSERT',
          filter: `user_id=eq.${userId}`,
          handler: ({ new: row }) => {
            items.value = [row as unknown as Notification, ...items.value]
          },
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
      (state) => {
        if (state === 'lost') lost = true
        if (state === 'live' && lost) {
          lost = false
          void refresh()
        }
      },
    )
  }

  async function readAll() {
    if (!currentUser) return
    await markAllRead(currentUser)
    const now = new Date().toISOString()
    items.value = items.value.map((n) => ({ ...n, read_at: n.read_at ?? now }))
  }

  return { items, unread, watchUser, refresh, readAll }
})
