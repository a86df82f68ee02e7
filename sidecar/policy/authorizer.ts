import { create } from "@bufbuild/protobuf";
import {
  type AuthorizeResponse,
  AuthorizeResponseSchema,
  type Resource,
} from "../../gen/proto/coresdk/v1/auth_pb.js";
import type { Subject } from "../../gen/proto/coresdk/v1/common_pb.js";
import type { TenantDirectory, TenantInfo } from "../tenants/tenant-directory.js";
import type { OpaPolicyEngine } from "./opa-policy-engine.js";

/**
 * What a decision is about. An AuthorizeRequest is one; AdmissionService passes a plain object
 * built from verified claims, so the hot path builds no message it only reads back.
 */
export interface AuthorizeInput {
  subject?: Pick<Subject, "tenantId" | "appId" | "userId" | "scopes"> | undefined;
  action: string;
  resource?: Pick<Resource, "type" | "id" | "tenantId"> | undefined;
}

/** The decision document of `cpod/authz/decision`. */
interface Decision {
  allow: boolean;
  reasons: string[];
}

function isDecision(value: unknown): value is Decision {
  const v = value as Decision;
  return typeof v?.allow === "boolean" && Array.isArray(v.reasons);
}

/**
 * Authorize = tenant resolution + the Rego policy. The caller's tenant is looked up first (an
 * unknown tenant denies); its status and plan become the policy's `data.tenants`, refreshed only
 * when they change so Wasm memory is rewritten rarely. Anything unexpected denies.
 */
export class Authorizer {
  readonly #tenantData = new Map<string, { status: string; plan: string }>();

  constructor(
    private readonly engine: OpaPolicyEngine,
    private readonly tenants: TenantDirectory,
  ) {}

  async authorize(request: AuthorizeInput): Promise<AuthorizeResponse> {
    const subject = request.subject;
    const version = this.engine.version;
    const deny = (reasons: string[]) =>
      create(AuthorizeResponseSchema, { allow: false, reasons, policyVersion: version });
    if (!subject || !request.resource) return deny(["invalid_input"]);
    const tenant = await this.tenants.resolve(subject.tenantId);
    if (!tenant) return deny(["unknown_tenant"]);
    this.#remember(tenant);
    const decision = this.engine.evaluate({
      subject: {
        tenant_id: subject.tenantId,
        app_id: subject.appId,
        user_id: subject.userId ?? null,
        scopes: subject.scopes,
      },
      action: request.action,
      resource: {
        type: request.resource.type,
        id: request.resource.id,
        tenant_id: request.resource.tenantId,
      },
    });
    if (!isDecision(decision)) return deny(["policy_error"]);
    return create(AuthorizeResponseSchema, {
      allow: decision.allow,
      reasons: decision.reasons,
      policyVersion: version,
    });
  }

  #remember(tenant: TenantInfo): void {
    const known = this.#tenantData.get(tenant.id);
    if (known?.status === tenant.status && known.plan === tenant.plan) return;
    this.#tenantData.set(tenant.id, { status: tenant.status, plan: tenant.plan });
    this.engine.setData({ tenants: Object.fromEntries(this.#tenantData) });
  }
}
