import { globalIgnores } from 'eslint/config'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import pluginVue from 'eslint-plugin-vue'
import pluginVueA11y from 'eslint-plugin-vuejs-accessibility'
import vueI18n from '@intlify/eslint-plugin-vue-i18n'
import skipFormatting from '@vue/eslint-config-prettier/skip-formatting'

export default defineConfigWithVueTs(
  {
    name: 'app/files-to-lint',
    files: ['**/*.{ts,mts,tsx,vue}'],
  },

  globalIgnores([
    '**/dist/**',
    '**/coverage/**',
    '**/node_modules/**',
    '.supabase/**',
    'supabase/.temp/**',
    'src/api/database.types.ts',
  ]),

  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  ...pluginVueA11y.configs['flat/recommended'],

  // Every word a resident reads comes from the locale files (nl.json is the source).
  // Only the plugin and its rules: its parser settings would replace the TypeScript parser.
  {
    name: 'app/i18n',
    files: ['src/**/*.vue'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    settings: {
      'vue-i18n': {
        localeDir: './src/i18n/locales/*.json',
        messageSyntaxVersion: '^11.0.0',
      },
    },
    rules: {
      ...vueI18n.configs['flat/recommended'].at(-1)?.rules,
      '@intlify/vue-i18n/no-raw-text': ['error', { ignorePattern: '^[-–—·:!?#%(),./…\\s0-9]+$' }],
      '@intlify/vue-i18n/no-missing-keys': 'error',
      '@intlify/vue-i18n/no-v-html': 'error',
      // Keys are built from database values (status, theme slug, error reason).
      '@intlify/vue-i18n/no-dynamic-keys': 'off',
    },
  },
  {
    name: 'app/a11y',
    files: ['src/**/*.vue'],
    rules: {
      // Our fields pair <label for> with an id from useId(), which the rule cannot follow.
      'vuejs-accessibility/label-has-for': 'off',
      'vuejs-accessibility/form-control-has-label': 'off',
    },
  },

  skipFormatting,
)
