// Verifies PmoPath's Open Badges 3.0 credentials with tools nobody here wrote: the VC-JWT with jose against the JWKS
// fetched from the running app, the mapping of the JWT claims the OB 3.0 JWT profile prescribes, that a tampered
// copy is refused, and the credential JSON against a JSON Schema of OB 3.0's required fields with ajv (draft 2019-09).
//
//   node verify-credential.mjs TOOLS_DIR JWKS_URL SCHEMA_FILE CASES_FILE NOW
//
// CASES_FILE is an array of { jwt, credential } (credential: the JSON the API shows). Prints a JSON array with, for
// each case (checked at NOW, the app's clock, an ISO 8601 instant): { verified, error, kid, claims, mismatches: [..], tamperedRejected, tamperError, schemaErrors: [..] }.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [toolsDir, jwksUrl, schemaFile, casesFile, now] = process.argv.slice(2);
const currentDate = new Date(now);
const jose = await import(pathToFileURL(path.join(toolsDir, "jose", "dist", "webapi", "index.js")).href);
const tools = createRequire(path.join(toolsDir, "package.json"));
const Ajv2019 = tools("ajv/dist/2019").default;
const addFormats = tools("ajv-formats");

const ajv = new Ajv2019({ strict: false, allErrors: true });
(addFormats.default || addFormats)(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
const jwks = jose.createRemoteJWKSet(new URL(jwksUrl));
const cases = JSON.parse(fs.readFileSync(casesFile, "utf8"));

const seconds = (iso) => Math.floor(Date.parse(iso) / 1000);
const results = [];
for (const { jwt, credential } of cases) {
  const result = { verified: false, error: null, kid: null, claims: null, mismatches: [], tamperedRejected: false, tamperError: null, schemaErrors: [] };
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, jwks, { algorithms: ["RS256"], typ: "JWT", currentDate });
    result.verified = true;
    result.kid = protectedHeader.kid;
    result.claims = { iss: payload.iss, sub: payload.sub, jti: payload.jti, nbf: payload.nbf, exp: payload.exp ?? null, iat: payload.iat };
    const expect = (name, actual, wanted) => { if (actual !== wanted) result.mismatches.push(`${name}: ${actual} != ${wanted}`); };
    expect("iss", payload.iss, credential.issuer.id);
    expect("sub", payload.sub, credential.credentialSubject.id);
    expect("jti", payload.jti, credential.id);
    expect("nbf", payload.nbf, seconds(credential.validFrom));
    expect("exp", payload.exp ?? null, credential.validUntil ? seconds(credential.validUntil) : null);
    // The payload is the credential itself (OB 3.0 on the VC Data Model 2.0), so its fields must be the API's.
    expect("payload.id", payload.id, credential.id);
    expect("payload.name", payload.name, credential.name);
    expect("payload.achievement", JSON.stringify(payload.credentialSubject?.achievement), JSON.stringify(credential.credentialSubject.achievement));
  } catch (e) {
    result.error = `${e.code ?? e.name}: ${e.message}`;
  }
  // Tamper: the same header and signature over a payload whose achievement name was changed.
  const [header, body, signature] = jwt.split(".");
  const altered = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  altered.name = altered.name + " (with honours)";
  const tampered = `${header}.${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${signature}`;
  try {
    await jose.jwtVerify(tampered, jwks, { algorithms: ["RS256"], currentDate });
  } catch (e) {
    result.tamperedRejected = true;
    result.tamperError = e.code ?? e.name;
  }
  if (!validate(credential))
    result.schemaErrors = validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
  results.push(result);
}
console.log(JSON.stringify(results));
