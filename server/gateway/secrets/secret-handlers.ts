import type { components } from "../../../gen/openapi/gateway.js";
import type { SecretMetadata } from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { viaSidecar } from "../../shared/errors/sidecar-problem.js";
import { requireCaller, subjectOf } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { SidecarClient } from "../sidecar/sidecar-client.js";

type SecretHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "listSecrets" | "putSecret" | "getSecret" | "deleteSecret"
>;
type RestSecretMetadata = components["schemas"]["SecretMetadata"];

/** The REST metadata of a secret; never carries the value. */
function restMetadata(meta: SecretMetadata | undefined): RestSecretMetadata {
  if (!meta) throw new ApiError("internal", "SecretsService answered without metadata");
  return {
    name: meta.name,
    description: meta.description ?? null,
    version: meta.version,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
  };
}

/**
 * `/v1/secrets`: served by the sidecar's SecretsService, which encrypts, stores and re-checks
 * scope and policy for the caller on every call; the gateway only forwards the verified
 * subject. Values appear only in the GET answer (`Cache-Control: no-store`), never in lists,
 * errors or PUT answers.
 *
 * A PUT replaces the whole secret: a body without `description` clears the stored one, and
 * metadata then answers `description: null`.
 */
export function secretHandlers(sidecar: SidecarClient): SecretHandlers {
  return {
    listSecrets: async ({ query }, ctx) => {
      const subject = subjectOf(requireCaller(ctx));
      const page = await viaSidecar(() =>
        sidecar.listSecrets(subject, { limit: query.limit, cursor: query.cursor }),
      );
      return {
        status: 200,
        body: { items: page.secrets.map(restMetadata), next_cursor: page.nextCursor ?? null },
      };
    },
    putSecret: async ({ params, body }, ctx) => {
      const subject = subjectOf(requireCaller(ctx));
      const secret = { value: body.value, description: body.description };
      const meta = await viaSidecar(() => sidecar.putSecret(subject, params.name, secret));
      return { status: 200, body: restMetadata(meta) };
    },
    getSecret: async ({ params }, ctx) => {
      const subject = subjectOf(requireCaller(ctx));
      const found = await viaSidecar(() => sidecar.getSecret(subject, params.name));
      return {
        status: 200,
        body: { ...restMetadata(found.secret), value: found.value },
        headers: { "cache-control": "no-store" },
      };
    },
    deleteSecret: async ({ params }, ctx) => {
      const subject = subjectOf(requireCaller(ctx));
      await viaSidecar(() => sidecar.deleteSecret(subject, params.name));
      return { status: 204, body: undefined };
    },
  };
}
