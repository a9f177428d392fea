import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  getClaims,
  getSession,
  onAuthChange,
  signOut as apiSignOut,
  type Claims,
  type Session,
} from '@/api/auth'
import { assuranceOf } from '@/api/mfa'
import { fetchProfile, updateProfile, type Profile } from '@/api/profiles'

/** Who is signed in, and their profile. Shared by the header, forms and My page. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(null)
  /** The access token's claims, verified by getClaims() (against the JWKS when signed ES256). */
  const claims = ref<Claims | null>(null)
  const profile = ref<Profile | null>(null)
  const ready = ref(false)
  let started: Promise<void> | null = null

  const userId = computed(() => session.value?.user.id ?? null)
  const signedIn = computed(() => userId.value !== null)
  const displayName = computed(
    () =>
      profile.value?.display_name ??
      (session.value?.user.user_metadata?.display_name as string | undefined) ??
      session.value?.user.email ??
      '',
  )

  // The second factor: `aal2` once the code from the app was checked in this session.
  const assurance = computed(() => assuranceOf(session.value, claims.value))
  const hasSecondFactor = computed(() => assurance.value.next === 'aal2')
  const atAal2 = computed(() => assurance.value.current === 'aal2')
  const needsSecondFactor = computed(() => hasSecondFactor.value && !atAal2.value)

  async function loadProfile() {
    profile.value = userId.value ? await fetchProfile(userId.value).catch(() => null) : null
  }

  /**
   * Saves the signed-in person's own profile fields, then shows them in the profile at once.
   * Signed out it saves nothing; a refusal throws and the profile stays as it was.
   */
  async function saveProfile(changes: Parameters<typeof updateProfile>[1]): Promise<void> {
    const id = userId.value
    if (!id) return
    await updateProfile(id, changes)
    if (profile.value?.id === id) profile.value = { ...profile.value, ...changes }
  }

  async function apply(next: Session | null) {
    const changed = next?.user.id !== session.value?.user.id
    const verified = next ? await getClaims(next).catch(() => null) : null
    session.value = next
    claims.value = verified
    if (changed) await loadProfile()
  }

  function start(): Promise<void> {
    started ??= (async () => {
      onAuthChange((next) => void apply(next))
      await apply(await getSession().catch(() => null))
      ready.value = true
    })()
    return started
  }

  async function signOut() {
    await apiSignOut()
    session.value = null
    claims.value = null
    profile.value = null
  }

  return {
    session,
    claims,
    profile,
    ready,
    userId,
    signedIn,
    displayName,
    hasSecondFactor,
    atAal2,
    needsSecondFactor,
    start,
    signOut,
    loadProfile,
    saveProfile,
  }
})
