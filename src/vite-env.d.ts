/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_COGNITO_DOMAIN?: string
  readonly VITE_COGNITO_CLIENT_ID?: string
  readonly VITE_COGNITO_ISSUER?: string
  readonly VITE_HASURA_GRAPHQL_URL?: string
  readonly VITE_REDIRECT_URI?: string
  readonly VITE_LOGOUT_URI?: string
  readonly VITE_OAUTH_RESPONSE_TYPE?: string
  readonly VITE_OAUTH_SCOPES?: string
  readonly VITE_HASURA_TOKEN?: string
  readonly VITE_CSP_META?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
