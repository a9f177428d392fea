import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { detectLocale, i18n, setLocale } from './i18n'
import './styles/main.css'

async function start() {
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  // Installing the router starts the first navigation, which fetches the page's lazy chunk while
  // the language file below is still on its way (they used to load one after the other).
  app.use(router)
  // Load the reader's language before the first paint, so nobody sees a flash of Dutch.
  await setLocale(detectLocale(), false).catch(() => setLocale('nl', false))
  app.mount('#app')
}

void start()
