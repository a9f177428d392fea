import { createRouter, createWebHistory, type RouterScrollBehavior } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, used for document.title and the announcement. */
    titleKey?: string
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

export const routes = [
  {
    path: '/',
    name: 'ideas',
    component: () => import('@/views/IdeasListView.vue'),
    meta: { titleKey: 'ideas.title' },
  },
  {
    path: '/idee/:id',
    name: 'idea',
    component: () => import('@/views/IdeaDetailView.vue'),
    props: true,
    meta: { titleKey: 'idea.pageTitle' },
  },
  {
    path: '/nieuw',
    name: 'idea-new',
    component: () => import('@/views/IdeaNewView.vue'),
    meta: { titleKey: 'newIdea.title' },
  },
  {
    path: '/nieuw/klaar/:id',
    name: 'idea-posted',
    component: () => import('@/views/IdeaPostedView.vue'),
    props: true,
    meta: { titleKey: 'posted.title' },
  },
  {
    path: '/inloggen',
    name: 'sign-in',
    component: () => import('@/views/SignInView.vue'),
    meta: { titleKey: 'signIn.title' },
  },
  {
    path: '/mijn',
    name: 'my-page',
    component: () => import('@/views/MyPageView.vue'),
    meta: { titleKey: 'my.title' },
  },
  {
    path: '/coalities',
    name: 'coalitions',
    component: () => import('@/views/CoalitionsView.vue'),
    meta: { titleKey: 'coalitions.title' },
  },
  {
    path: '/over',
    name: 'about',
    component: () => import('@/views/AboutView.vue'),
    meta: { titleKey: 'about.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior,
})
