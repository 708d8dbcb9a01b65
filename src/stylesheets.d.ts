/** Stylesheets imported for their effect, bundled with the importing chunk: for the test project, which does not load vite/client's types. */
declare module '*.css'
