// Setup for component and unit tests (happy-dom).
import { afterEach, beforeEach } from 'vitest'
import { cleanup } from '@testing-library/vue'
import { i18n } from '../../src/i18n'

beforeEach(() => {
  localStorage.clear()
  i18n.global.locale.value = 'nl'
  document.documentElement.lang = 'nl'
  document.documentElement.dir = 'ltr'
})

afterEach(() => {
  cleanup()
})
