// Validates an OpenAPI document (file given as the argument) against the OpenAPI 3.0 schema
// and its own references. Prints the result; exit 1 when invalid.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const paths = Object.keys(api.paths).length;
  console.log(`valid OpenAPI ${api.openapi}: ${paths} paths`);
} catch (err) {
  console.error(`invalid OpenAPI document ${file}: ${err.message}`);
  process.exit(1);
}
