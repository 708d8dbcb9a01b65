/** The Hasura project's schema, read at build time by the Vite plugin in scripts/hasura-schema-plugin.ts. */
declare module 'virtual:hasura-schema' {
  const schema: import('../lib/hasura-schema.ts').HasuraSchema
  export default schema
}
