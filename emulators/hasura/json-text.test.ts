import { describe, expect, it } from 'vitest'
import { JsonText, responseText } from './json-text.ts'

describe('responseText', () => {
  it("splices each root field's JSON text as Postgres wrote it, in the operation's order", () => {
    const text = responseText({
      data: { users: new JsonText('[{"id" : 9007199254740993}, {"id" : 1.50}]'), none: null },
    })
    expect(text).toBe('{"data":{"users":[{"id" : 9007199254740993}, {"id" : 1.50}],"none":null}}')
  })

  it('joins the answers of update_<t>_many, and writes what graphql-js answered as JSON', () => {
    const text = responseText({
      data: {
        update_notes_many: [new JsonText('{"affected_rows" : 1}'), null],
        __typename: 'query_root',
        __type: { name: 'notes', fields: [{ name: 'id' }] },
      },
    })
    expect(JSON.parse(text)).toEqual({
      data: {
        update_notes_many: [{ affected_rows: 1 }, null],
        __typename: 'query_root',
        __type: { name: 'notes', fields: [{ name: 'id' }] },
      },
    })
  })

  it('writes an error body as it is', () => {
    const body = { errors: [{ message: 'm', extensions: { path: '$', code: 'validation-failed' } }] }
    expect(responseText(body)).toBe(JSON.stringify(body))
  })
})
