// Validates a CASE 1.1 package against 1EdTech's official CFPackage JSON Schema (draft 2019-09), with ajv and
// ajv-formats from tests/tools/node_modules.
//
//   node validate-case.cjs TOOLS_DIR SCHEMA_JSON PACKAGE_JSON
//
// Prints a JSON array of the problems found ({ path, message, schemaPath, params }), empty when the package is
// valid, and exits 0 either way. The schema is used as published: draft 2019-09 is ajv's own "ajv/dist/2019".
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [toolsDir, schemaFile, packageFile] = process.argv.slice(2);
const tools = createRequire(path.join(path.resolve(toolsDir), "package.json"));
const Ajv2019 = tools("ajv/dist/2019").default;
const addFormats = tools("ajv-formats");

const ajv = new Ajv2019({ allErrors: true });
(addFormats.default || addFormats)(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
const valid = validate(JSON.parse(fs.readFileSync(packageFile, "utf8")));
const problems = valid ? [] : validate.errors.map(e => ({ path: e.instancePath || "(root)", message: e.message, schemaPath: e.schemaPath, params: e.params }));
process.stdout.write(JSON.stringify(problems, null, 1));
