import { describe, expect, it } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import { renderWithApp } from '@/testing/render'
import AppHeader from './AppHeader.vue'

describe('AppHeader', () => {
  it('sends people who sign in back to the page they were on', async () => {
    const { router } = await renderWithApp(AppHeader)
    const link = () => screen.getByRole('link', { name: 'Inloggen' }).getAttribute('href')
    // From the home page there is nowhere to come back to: the default after signing in.
    expect(link()).toBe('/inloggen')
    await router.push('/idee/42?tab=reacties&x=1')
    await waitFor(() => expect(link()).not.toBe('/inloggen'))
    const target = router.resolve(link()!)
    expect(target.path).toBe('/inloggen')
    expect(target.query.next).toBe('/idee/42?tab=reacties&x=1')
  })
})
