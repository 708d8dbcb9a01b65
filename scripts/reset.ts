/** `npm run reset`: deletes the local stack's data (users, keys, database). Stop `npm start` first. */
import { rmSync } from 'node:fs'
import path from 'node:path'

const dir = path.resolve(process.env.DEMO_DATA_DIR ?? '.data')
rmSync(dir, { recursive: true, force: true })
console.log(`deleted ${dir}`)
