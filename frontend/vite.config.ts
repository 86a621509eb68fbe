/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Flask serves dist/index.html for every page address (/explore, /{org}/{graph}...) and the
// built files at "/assets/...". During `npm run dev`, API calls are proxied to a local back
// end (TOC_API, default :5000).
export default defineConfig({
  base: "/",
  plugins: [react()],
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
    // The palette is shared with the Python renderer (toc_editor/rendering/palette.json).
    fs: { allow: [".."] },
  },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    environment: "node",
  },
});
