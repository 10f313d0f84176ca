// Parse Mermaid diagrams with Mermaid's own parser (npm mermaid, on a jsdom window: its sanitizer needs one).
//
//   node tests/verify/mermaid_parse.mjs < diagrams.json      (a JSON object: {"<name>": "<diagram text>"})
//
// Prints one JSON object: {"<name>": {"type": "flowchart-v2"}} or {"<name>": {"error": "Parse error on line 4..."}}.
// Exit 0 when every diagram was handled (parse errors included), 2 when mermaid or jsdom is missing.
import { readFileSync } from "node:fs";

let mermaid;
try {
  const { JSDOM } = await import("jsdom");
  const { window } = new JSDOM("");
  globalThis.window = window;
  globalThis.document = window.document;
  mermaid = (await import("mermaid")).default;
} catch (error) {
  process.stderr.write(`mermaid or jsdom is not installed (run \`npm ci\` in the repository root): ${error.message}\n`);
  process.exit(2);
}

const diagrams = JSON.parse(readFileSync(0, "utf8"));
const results = {};
for (const [name, text] of Object.entries(diagrams)) {
  try {
    results[name] = { type: (await mermaid.parse(text)).diagramType };
  } catch (error) {
    results[name] = { error: String(error.message ?? error) };
  }
}
process.stdout.write(JSON.stringify(results));
process.exit(0);
