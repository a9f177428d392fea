import { computed, onMounted, ref } from 'vue'
import { memberKindFor } from '@/api/membership'
import type { MemberKind, ProfileRole } from '@/api/types'
import {
  addMember,
  listCoalitionsNeedingResidents,
  listMembers,
  removeMember,
  searchPeople,
  type Member,
  type PersonOption,
} from '@/api/moderation'
import { useRequest } from './useRequest'

/**
 * The members of one coalition as the team edits them: who is in, finding people to add (those
 * already in are left out) and adding or removing one. The database holds the coalition rule and
 * refuses a change that breaks it; add and remove then throw and the list stays as it was.
 */
export function useCoalitionMembers(coalitionId: () => string | null | undefined) {
  const members = ref<Member[]>([])
  const memberIds = computed(() => new Set(members.value.map((m) => m.profile_id)))
  const kinds = computed(() => members.value.map((m) => m.member_kind))

  async function load(): Promise<void> {
    const id = coalitionId()
    members.value = id ? await listMembers(id) : []
  }

  /** People whose name matches, not yet members; a failed search finds nobody. */
  async function search(query: string): Promise<PersonOption[]> {
    // Moderators and admins are found too: they join as team members, which the database counts
    // on neither side of the coalition rule (coalition_members_check_kind).
    const found = await searchPeople(query).catch(() => [])
    return found.filter((p) => !memberIds.value.has(p.id))
  }

  async function add(person: PersonOption): Promise<void> {
    const id = coalitionId()
    if (!id) return
    await addMember(id, person.id, kindOf(person))
    await load()
  }

  async function remove(profileId: string): Promise<void> {
    const id = coalitionId()
    if (!id) return
    await removeMember(id, profileId)
    await load()
  }

  /** The side of the coalition rule a person joins on. */
  const kindOf = (person: { role: ProfileRole }): MemberKind => memberKindFor(person.role)

  return { members, kinds, load, search, add, remove, kindOf }
}

/** Coalitions with more organisations than residents who count, for the team to act on. */
export function useCoalitionsNeedingResidents() {
  const request = useRequest(listCoalitionsNeedingResidents)
  onMounted(request.load)
  return request
}
