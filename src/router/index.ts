import {
  createRouter,
  createWebHistory,
  type RouteRecordRaw,
  type RouterScrollBehavior,
} from 'vue-router'
import { useSessionStore } from '@/stores/session'
import { loadTeamMessages } from '@/i18n'
// The home page is where most visits start: in the main bundle it skips a round of a dozen small
// chunk requests before the list can render (Lighthouse mobile, LCP).
import IdeasListView from '@/views/ideas/IdeasListView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, used for document.title and the announcement. */
    titleKey?: string
    /** Who may open the page: signed-in people, the team (moderator/admin), admins, partners. */
    requires?: 'signedIn' | 'team' | 'admin'
  }
}

// Going back restores the old position once the cached list has rendered again.
const scrollBehavior: RouterScrollBehavior = (to, from, savedPosition) => {
  if (savedPosition) {
    return new Promise((resolve) => setTimeout(() => resolve(savedPosition), 60))
  }
  if (to.hash) return { el: to.hash }
  if (to.path === from.path) return false
  return { top: 0 }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'ideas',
    component: IdeasListView,
    meta: { titleKey: 'ideas.title' },
  },
  {
    path: '/idee/:id',
    name: 'idea',
    component: () => import('@/views/ideas/IdeaDetailView.vue'),
    props: true,
    meta: { titleKey: 'idea.pageTitle' },
  },
  {
    path: '/nieuw',
    name: 'idea-new',
    component: () => import('@/views/ideas/IdeaNewView.vue'),
    meta: { titleKey: 'newIdea.title' },
  },
  {
    path: '/nieuw/klaar/:id',
    name: 'idea-posted',
    component: () => import('@/views/ideas/IdeaPostedView.vue'),
    props: true,
    meta: { titleKey: 'posted.title' },
  },
  {
    path: '/inloggen',
    name: 'sign-in',
    component: () => import('@/views/account/SignInView.vue'),
    meta: { titleKey: 'signIn.title' },
  },
  {
    path: '/mijn',
    name: 'my-page',
    component: () => import('@/views/account/MyPageView.vue'),
    meta: { titleKey: 'my.title' },
  },
  {
    path: '/coalities',
    name: 'coalitions',
    component: () => import('@/views/coalitions/CoalitionsView.vue'),
    meta: { titleKey: 'coalitions.title' },
  },
  {
    path: '/agenda',
    name: 'agenda',
    component: () => import('@/views/agenda/AgendaView.vue'),
    meta: { titleKey: 'agenda.title' },
  },
  {
    path: '/agenda/nieuw',
    name: 'event-new',
    component: () => import('@/views/agenda/EventNewView.vue'),
    meta: { titleKey: 'agendaForm.title' },
  },
  {
    path: '/initiatieven',
    name: 'initiatives',
    component: () => import('@/views/agenda/InitiativesView.vue'),
    meta: { titleKey: 'initiatives.title' },
  },
  {
    path: '/initiatieven/nieuw',
    name: 'initiative-new',
    component: () => import('@/views/agenda/InitiativeNewView.vue'),
    meta: { titleKey: 'initiatives.newTitle' },
  },
  {
    path: '/initiatieven/:id',
    name: 'initiative',
    component: () => import('@/views/agenda/InitiativeView.vue'),
    props: true,
    meta: { titleKey: 'initiatives.pageTitle' },
  },
  {
    path: '/agenda/:id',
    name: 'event',
    component: () => import('@/views/agenda/EventView.vue'),
    props: true,
    meta: { titleKey: 'agenda.eventTitle' },
  },
  {
    path: '/over',
    name: 'about',
    component: () => import('@/views/site/AboutView.vue'),
    meta: { titleKey: 'about.title' },
  },
  // The team's, partners' and admins' pages. The guard below only keeps people out of screens
  // they cannot use; the database refuses their actions anyway.
  {
    path: '/team',
    name: 'moderation-queue',
    component: () => import('@/views/moderation/ModerationQueueView.vue'),
    meta: { titleKey: 'moderation.queue.title', requires: 'team' },
  },
  {
    path: '/team/idee/:id',
    name: 'moderation-idea',
    component: () => import('@/views/moderation/ModerationIdeaView.vue'),
    props: true,
    meta: { titleKey: 'moderation.idea.title', requires: 'team' },
  },
  {
    path: '/team/meldingen',
    name: 'moderation-reports',
    component: () => import('@/views/moderation/ModerationReportsView.vue'),
    meta: { titleKey: 'moderation.reports.title', requires: 'team' },
  },
  {
    path: '/team/coalities',
    name: 'moderation-coalitions',
    component: () => import('@/views/moderation/ModerationCoalitionsView.vue'),
    meta: { titleKey: 'moderation.coalitions.title', requires: 'team' },
  },
  {
    path: '/team/wat-horen-we',
    name: 'moderation-dashboard',
    component: () => import('@/views/moderation/ModerationDashboardView.vue'),
    meta: { titleKey: 'dashboard.title', requires: 'team' },
  },
  {
    path: '/team/idee-invoeren',
    name: 'moderation-record',
    component: () => import('@/views/moderation/ModerationRecordView.vue'),
    meta: { titleKey: 'moderation.record.title', requires: 'team' },
  },
  {
    path: '/team/export',
    name: 'moderation-export',
    component: () => import('@/views/moderation/ModerationExportView.vue'),
    meta: { titleKey: 'moderation.export.title', requires: 'team' },
  },
  {
    path: '/team/verslag',
    name: 'moderation-report',
    component: () => import('@/views/moderation/ModerationReportView.vue'),
    meta: { titleKey: 'moderation.report.title', requires: 'team' },
  },
  {
    path: '/team/logboek',
    name: 'moderation-log',
    component: () => import('@/views/moderation/ModerationLogView.vue'),
    meta: { titleKey: 'moderation.log.title', requires: 'team' },
  },
  {
    path: '/beheer',
    name: 'admin',
    component: () => import('@/views/admin/AdminView.vue'),
    meta: { titleKey: 'admin.title', requires: 'admin' },
  },
  {
    path: '/mijn-buurten',
    name: 'partner-feed',
    component: () => import('@/views/partner/PartnerFeedView.vue'),
    meta: { titleKey: 'partner.feed.title', requires: 'signedIn' },
  },
  {
    path: '/organisatie',
    name: 'partner-request',
    component: () => import('@/views/partner/PartnerRequestView.vue'),
    meta: { titleKey: 'partner.request.title', requires: 'signedIn' },
  },
  {
    path: '/geen-toegang',
    name: 'no-access',
    component: () => import('@/views/moderation/ModerationNoAccessView.vue'),
    meta: { titleKey: 'moderation.noAccess.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/site/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior,
})

router.beforeEach(async (to) => {
  const requires = to.meta.requires
  // The team's, partners' and admins' texts are not in the first load (src/i18n/index.ts).
  if (requires || to.name === 'no-access') await loadTeamMessages().catch(() => undefined)
  if (!requires) return true
  const session = useSessionStore()
  await session.start()
  if (!session.signedIn) return { name: 'sign-in', query: { next: to.fullPath } }
  if (session.userId && !session.profile) await session.loadProfile()
  const role = session.profile?.role
  const team = requires === 'team' || requires === 'admin'
  // Signed in with only the password while a second factor exists: ask for the app's code first.
  if (team && (role === 'moderator' || role === 'admin') && session.needsSecondFactor) {
    return { name: 'sign-in', query: { next: to.fullPath } }
  }
  // An admin without aal2 has no team powers in Postgres: the admin page tells them to enrol.
  if (requires === 'team' && role === 'admin' && !session.atAal2) return { name: 'admin' }
  const allowed =
    requires === 'signedIn' ||
    (requires === 'team' && (role === 'moderator' || role === 'admin')) ||
    (requires === 'admin' && role === 'admin')
  return allowed || { name: 'no-access', query: { from: to.fullPath } }
})
