import { ref } from 'vue'
import {
  approvePartnerRequest,
  listMyPartnerRequests,
  listPartnerRequests,
  rejectPartnerRequest,
  requestPartnerStatus,
  withdrawPartnerRequest,
  type PartnerRequest,
} from '@/api/admin'
import { useSessionStore } from '@/stores/session'

/**
 * The signed-in person's own requests to speak for an organisation: the list (a failed read shows
 * none), asking, and withdrawing. Each change reads the list again.
 */
export function useMyPartnerRequests() {
  const session = useSessionStore()
  const requests = ref<PartnerRequest[]>([])

  async function load(): Promise<void> {
    if (session.userId) requests.value = await listMyPartnerRequests(session.userId).catch(() => [])
  }

  async function ask(organisationId: string, message: string): Promise<void> {
    await requestPartnerStatus(organisationId, message)
    await load()
  }

  async function withdraw(id: string): Promise<void> {
    try {
      await withdrawPartnerRequest(id)
    } finally {
      await load()
    }
  }

  return { requests, load, ask, withdraw }
}

/** The requests waiting for an admin, who approves or rejects each; the list is read again after. */
export function usePendingPartnerRequests() {
  const requests = ref<PartnerRequest[]>([])

  async function load(): Promise<void> {
    requests.value = await listPartnerRequests('pending')
  }

  async function decide(request: PartnerRequest, approve: boolean): Promise<void> {
    if (approve) await approvePartnerRequest(request.id)
    else await rejectPartnerRequest(request.id, '')
    await load()
  }

  return { requests, load, decide }
}
