/// <reference types="vitest/config" />
// https://vite.dev/config/
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [react()],
  server: { port: 3333, strictPort: true },
  preview: { port: 3333, strictPort: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'emulators/**/*.test.ts', 'cognito/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
