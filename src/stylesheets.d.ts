/**
 * Stylesheets imported for their effect (Vite bundles each with the chunk that imports it): declared for the test
 * project, which does not load vite/client's types.
 */
declare module '*.css'
