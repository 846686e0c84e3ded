// Prints the logical ID and type of every resource in a synthesized template,
// and its outputs: the summary `make synth` ends with.
const fs = require("fs");

const file = process.argv[2];
const template = JSON.parse(fs.readFileSync(file, "utf8"));
const resources = Object.entries(template.Resources ?? {});
console.log(`${file}: ${resources.length} resources`);
for (const [id, resource] of resources) {
  console.log(`  ${resource.Type.padEnd(36)} ${id}`);
}
for (const [id, output] of Object.entries(template.Outputs ?? {})) {
  console.log(`  output ${id}: ${output.Description ?? ""}`);
}
