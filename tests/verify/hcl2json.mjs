// Parse Terraform files with HashiCorp's own HCL parser (Go, compiled to WASM in npm @cdktf/hcl2json).
//
//   node tests/verify/hcl2json.mjs < paths.json      (a JSON array of file paths)
//
// Prints one JSON object: {"<path>": {"json": <Terraform JSON syntax of the file>}} or
// {"<path>": {"errors": [{"line": 3, "column": 3, "message": "Attribute redefined; ..."}]}}.
// Exit 0 when every file was handled (parse errors included), 2 when the parser itself is missing.
// One process for many files: loading the WASM module costs ~0.5 s, each file after that a few ms.
import { readFileSync } from "node:fs";

let parse;
try {
  ({ parse } = (await import("@cdktf/hcl2json")).default);
} catch (error) {
  process.stderr.write(`@cdktf/hcl2json is not installed (run \`npm ci\` in the repository root): ${error.message}\n`);
  process.exit(2);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The bridge reports hcl.Diagnostics as "parse config: [<file>:<line>,<col>-<end>: <summary>; <detail> <file>:...]".
// Split it at each "<file>:<line>,<col>" so every diagnostic keeps its own position.
function diagnostics(file, text) {
  const body = text.replace(/^parse config: \[/, "").replace(/\]$/, "");
  const at = new RegExp(`${escapeRegExp(file)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, "g");
  const found = [...body.matchAll(at)];
  if (found.length === 0) {
    return [{ line: null, column: null, message: body }];
  }
  return found.map((match, i) => {
    const end = i + 1 < found.length ? found[i + 1].index : body.length;
    return {
      line: Number(match[1]),
      column: Number(match[2]),
      message: body.slice(match.index + match[0].length, end).trim(),
    };
  });
}

const paths = JSON.parse(readFileSync(0, "utf8"));
const results = {};
for (const file of paths) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    results[file] = { errors: [{ line: null, column: null, message: error.message }] };
    continue;
  }
  try {
    results[file] = { json: await parse(file, source) };
  } catch (error) {
    results[file] = { errors: diagnostics(file, String(error.message ?? error)) };
  }
}
// The Go runtime inside the WASM module never returns, so exit explicitly once stdout is flushed.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
