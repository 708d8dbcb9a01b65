/** `GET /error`: Cognito's generic error page, HTTP 400 (specs/cognito.md §2.2, observed). */
import { Hono } from 'hono'
import { errorPage } from '../pages.ts'

export const error = () => new Hono().get('/', (c) => c.html(errorPage(), 400))
