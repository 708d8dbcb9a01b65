// graphql 16 ships ESM as `.mjs` beside CJS `.js`. Deep imports must take the `.mjs` file, or the executor sees a
// second copy of the type classes ("Cannot use GraphQLScalarType from another module or realm"); its types are
// the ones of the `.js` file.
declare module 'graphql/execution/collectFields.mjs' {
  export * from 'graphql/execution/collectFields.js'
}
