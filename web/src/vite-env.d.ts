/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_FUNCTIONS_URL?: string
  readonly VITE_CALCOM_ORIGIN?: string
  readonly VITE_CALCOM_EMBED_JS_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
