import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ApiError } from "../../shared/errors/api-error.js";

/** swagger-ui-dist's folder: the prebuilt, dependency-free Swagger UI, served from disk. */
export const SWAGGER_DIR = join(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
  "..",
);

/** The page's own files; nothing else in the package directory is reachable. */
const ASSETS: Record<string, { file?: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
  "init.js": { type: "text/javascript; charset=utf-8" },
};

/**
 * Starts Swagger UI on `/openapi.json`; a file rather than inline, so a strict CSP can apply.
 * Everything comes from this origin: `validatorUrl: null` stops the default badge image from
 * validator.swagger.io (blocked by the CSP, and absent offline). "Try it out" starts enabled, so
 * a first request is Authorize then Execute. Tokens stay in page memory, not localStorage.
 */
const INIT_JS = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: true,
    displayRequestDuration: true,
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cPod API reference</title>
  <link rel="icon" type="image/png" href="/favicon.ico">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`;

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

/** `GET /docs`: the interactive reference page. */
export async function apiDocsPage() {
  return {
    status: 200 as const,
    body: PAGE,
    headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
  };
}

const cache = new Map<string, string>();

/** `GET /docs/assets/{asset}`: one of the page's files (read once, then kept in memory). */
export async function apiDocsAsset(input: { params: { asset: string } }) {
  const asset = Object.hasOwn(ASSETS, input.params.asset) ? ASSETS[input.params.asset] : undefined;
  if (!asset) throw new ApiError("not_found", "No such file of the API reference.");
  let body = cache.get(input.params.asset);
  if (body === undefined) {
    body = asset.file ? await readFile(join(SWAGGER_DIR, asset.file), "utf8") : INIT_JS;
    cache.set(input.params.asset, body);
  }
  return {
    status: 200 as const,
    body,
    headers: {
      "content-type": asset.type,
      "cache-control": "public, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  };
}
