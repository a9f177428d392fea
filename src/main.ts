import { createApp } from 'vue'
import { START_LOCATION } from 'vue-router'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { startFirstScreen } from './router/firstScreen'
import { dropEarly } from './lib/firstLoad'
import { detectLocale, i18n, setLocale } from './i18n'
import { useAppConfigStore } from './stores/appConfig'
import './styles/main.css'

async function start() {
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  // The area's settings and the database's rules (one request, app_config()) go out first, next
  // to the first screen's data requests, the route chunk and the language file. When they cannot
  // come (offline), the app starts with the defaults of lib/appConfig.ts and names no area.
  const config = useAppConfigStore()
    .load()
    .catch(() => undefined)
  // The first screen's data requests go out now, next to the route chunk and the language file.
  startFirstScreen(router)
  // Early requests serve the first page only; after a page change they would be stale.
  router.afterEach((_to, from) => {
    if (from !== START_LOCATION) dropEarly()
  })
  // Installing the router starts the first navigation, which fetches the page's lazy chunk while
  // the language file below is still on its way (they used to load one after the other).
  app.use(router)
  // A page's first Intl.DateTimeFormat loads the language's calendar data: about 30 ms here and
  // four times that on a cheap phone. Paid now, while the requests above are on their way, it
  // stays out of the task that first draws the cards with their dates.
  new Intl.DateTimeFormat(detectLocale()).format(0)
  // Load the reader's language before the first paint, so nobody sees a flash of Dutch.
  await Promise.all([setLocale(detectLocale(), false).catch(() => setLocale('nl', false)), config])
  app.mount('#app')
}

void start()
