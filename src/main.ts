import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { detectLocale, i18n, setLocale } from './i18n'
import './styles/main.css'

async function start() {
  // Load the reader's language before the first paint, so nobody sees a flash of Dutch.
  await setLocale(detectLocale(), false).catch(() => setLocale('nl', false))
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  app.mount('#app')
}

void start()
