/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Flask serves dist/index.html at "/" and the built files at "/assets/...".
// During `npm run dev`, API calls are proxied to a local back end (TOC_API, default :5000).
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      "/api": process.env.TOC_API ?? "http://127.0.0.1:5000",
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
  },
});
