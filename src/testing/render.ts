/* eslint-disable vue/one-component-per-file -- test helpers: a stub route view and a host for composables */
import { render, type RenderOptions } from '@testing-library/vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, type Component } from 'vue'
import { i18n } from '@/i18n'

// The named routes components link to; stubs keep tests independent of every view.
const Stub = defineComponent({ render: () => null })
const routes = [
  'ideas:/',
  'idea:/idee/:id',
  'idea-posted:/nieuw/klaar/:id',
  'sign-in:/inloggen',
  'idea-new:/nieuw',
  'coalitions:/coalities',
  'my-page:/mijn',
  'about:/over',
  'moderation-idea:/team/idee/:id',
  'moderation-reports:/team/meldingen',
  'event:/agenda/:id',
  'agenda:/agenda',
  'event-new:/agenda/nieuw',
  'initiatives:/initiatieven',
  'initiative-new:/initiatieven/nieuw',
  'initiative:/initiatieven/:id',
]
  .map((entry) => {
    const [name, path] = entry.split(':/')
    return { name, path: `/${path}`, component: Stub }
  })
  .concat([{ name: 'not-found', path: '/:pathMatch(.*)*', component: Stub }])

/**
 * Renders a component with the real i18n (Dutch), a fresh Pinia and an in-memory router at `path`
 * (default '/').
 */
export async function renderWithApp<C>(component: C, options: RenderOptions<C> = {}, path = '/') {
  i18n.global.locale.value = 'nl'
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const result = render(
    component as Component,
    {
      ...options,
      global: { plugins: [pinia, i18n, router], ...(options.global ?? {}) },
    } as RenderOptions<Component>,
  )
  return { ...result, router, pinia }
}

/**
 * Runs a composable inside a component rendered with the app's plugins, for a test of the
 * composable itself; `unmount` ends the component (and whatever the composable closes with it).
 */
export async function runInApp<T>(composable: () => T) {
  let result: T | undefined
  const Host = defineComponent({
    setup() {
      result = composable()
      return () => null
    },
  })
  const rendered = await renderWithApp(Host)
  return { result: result as T, unmount: rendered.unmount, pinia: rendered.pinia }
}
