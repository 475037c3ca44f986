// Validates a pyhf JSON workspace against pyhf's schema 1.0.0 (vendored in pyhf-schema/1.0.0) with ajv.
// Usage: node validate-pyhf.mjs WORKSPACE.json   -> prints {"valid":true} or {"valid":false,"errors":[...]}; exit 0/1.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const here = dirname(fileURLToPath(import.meta.url));
const schema = (name) => JSON.parse(readFileSync(join(here, 'pyhf-schema', '1.0.0', name), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(draft6);
ajv.addSchema(schema('defs.json'));
const validate = ajv.compile(schema('workspace.json'));
const workspace = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const valid = validate(workspace);
console.log(JSON.stringify(valid ? { valid: true } : { valid: false, errors: validate.errors }));
process.exit(valid ? 0 : 1);
