// Copies Swagger UI (the npm package swagger-ui-dist) into dist/swagger-ui, so /api/docs
// works without reaching a CDN. Runs after `vite build`; nothing is committed.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const source = dirname(require.resolve("swagger-ui-dist/package.json"));
const target = join("dist", "swagger-ui");
const files = [
  "swagger-ui-bundle.js",
  "swagger-ui-standalone-preset.js",
  "swagger-ui.css",
  "LICENSE",
  "NOTICE",
];

mkdirSync(target, { recursive: true });
for (const file of files) copyFileSync(join(source, file), join(target, file));
console.log(`copied Swagger UI to ${target}: ${files.join(", ")}`);
