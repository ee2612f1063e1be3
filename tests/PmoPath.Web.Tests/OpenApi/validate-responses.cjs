// Validates real API responses against the response schemas of the app's own OpenAPI document, with ajv
// (JSON Schema 2020-12, the dialect of OpenAPI 3.1) and ajv-formats from tests/tools/node_modules.
//
//   node validate-responses.cjs TOOLS_DIR OPENAPI_JSON SAMPLES_JSON
//
// SAMPLES_JSON is an array of { name, path, method, status, contentType, hasBody, body } where path is the document's
// path key (such as "/api/people/{id}") and body the parsed JSON answer (null for a body that is not JSON).
// Prints a JSON array of { name, problems: [..] } for each sample that does not conform, and exits 0 either way;
// a sample conforms when its status is documented for the operation, its content type is documented for that
// status, and a JSON body is valid against the documented schema.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [toolsDir, documentFile, samplesFile] = process.argv.slice(2);
const tools = createRequire(path.join(toolsDir, "package.json"));
const Ajv2020 = tools("ajv/dist/2020").default;
const addFormats = tools("ajv-formats");

const documentId = "https://pmopath.example/openapi.json";
const document = JSON.parse(fs.readFileSync(documentFile, "utf8"));
const samples = JSON.parse(fs.readFileSync(samplesFile, "utf8"));

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats.default || addFormats)(ajv);
// OpenAPI's own numeric formats say how wide a number is, not how it is written.
for (const format of ["int32", "int64", "float", "double"]) ajv.addFormat(format, true);
ajv.addSchema(document, documentId);

const pointer = (...tokens) => "#/" + tokens.map(t => encodeURIComponent(String(t).replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");
const mediaType = contentType => (contentType || "").split(";")[0].trim().toLowerCase();

const results = [];
for (const sample of samples) {
  const problems = [];
  const operation = document.paths?.[sample.path]?.[sample.method.toLowerCase()];
  const status = String(sample.status);
  const response = operation?.responses?.[status];
  if (!operation) {
    problems.push(`${sample.method} ${sample.path} is not in the document`);
  } else if (!response) {
    problems.push(`status ${status} is not documented (documented: ${Object.keys(operation.responses || {}).join(", ")})`);
  } else if (response.content && sample.hasBody) {
    // Media types compare without their parameters ("text/csv; charset=utf-8" is text/csv).
    const type = Object.keys(response.content).find(key => mediaType(key) === mediaType(sample.contentType));
    if (!type) {
      problems.push(`content type ${sample.contentType} is not documented for ${status} (documented: ${Object.keys(response.content).join(", ")})`);
    } else if (response.content[type].schema && sample.body !== null && sample.body !== undefined) {
      const ref = documentId + pointer("paths", sample.path, sample.method.toLowerCase(), "responses", status, "content", type, "schema");
      const validate = ajv.getSchema(ref) || ajv.compile({ $ref: ref });
      if (!validate(sample.body))
        for (const e of validate.errors) problems.push(`${e.instancePath || "(root)"} ${e.message} (${e.schemaPath}${e.params ? " " + JSON.stringify(e.params) : ""})`);
    }
  } else if (!response.content && sample.hasBody) {
    problems.push(`a body was answered but none is documented for ${status}`);
  }
  if (problems.length) results.push({ name: sample.name, problems });
}
process.stdout.write(JSON.stringify(results, null, 1));
