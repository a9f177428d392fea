import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ConnectionState } from '@/api/realtime'

/** The polite live region and the connection banner, shared by every page. */
export const useAnnouncerStore = defineStore('announcer', () => {
  const message = ref('')
  const connection = ref<ConnectionState>('live')

  function announce(text: string) {
    // Clear first so the same sentence twice is read twice.
    message.value = ''
    setTimeout(() => (message.value = text), 50)
  }

  function setConnection(state: ConnectionState) {
    connection.value = state
  }

  return { message, connection, announce, setConnection }
})
