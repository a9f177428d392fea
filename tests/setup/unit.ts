// Setup for component and unit tests (happy-dom). The Dutch locale is reset by
// src/testing/render.ts; here only the browser state a test may have changed.
import { afterEach, beforeEach } from 'vitest'
import { cleanup } from '@testing-library/vue'

beforeEach(() => {
  localStorage.clear()
  document.documentElement.lang = 'nl'
  document.documentElement.dir = 'ltr'
})

afterEach(() => {
  cleanup()
})
