// Lint rules for the front end, and its layer rule: view -> sync -> model (never the reverse),
// the view imports sync and model only through their index, and never calls fetch itself.
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "scripts/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries, "react-hooks": reactHooks },
    settings: {
      "boundaries/include": ["src/**/*"],
      "boundaries/elements": [
        { type: "model", pattern: "src/model/**" },
        { type: "sync", pattern: "src/sync/**" },
        { type: "view", pattern: "src/view/**" },
      ],
      "import/resolver": { typescript: true, node: true },
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies: [
            { from: { element: { type: "model" } }, allow: { to: { element: { type: "model" } } } },
            {
              from: { element: { type: "sync" } },
              allow: { to: { element: { types: { anyOf: ["sync", "model"] } } } },
            },
            {
              from: { element: { type: "view" } },
              allow: { to: { element: { types: { anyOf: ["view", "sync", "model"] } } } },
            },
            // Packages from node_modules: anyone may import them (the view's are React's).
            { allow: { to: { module: { origin: "external" } } } },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The view reaches the server only through sync's named operations.
    files: ["src/view/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "The view talks to the server through sync (api.*), never fetch." },
        { name: "XMLHttpRequest", message: "Use sync." },
        { name: "WebSocket", message: "Use sync." },
        { name: "EventSource", message: "Use sync." },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/sync/*", "!**/sync/index"], message: "Import from sync's index (../sync), not its modules." },
            { group: ["**/model/*", "!**/model/index"], message: "Import from model's index, not its modules." },
          ],
        },
      ],
    },
  },
);
