# cPod authorization policy: the single decision the sidecar's AuthService.Authorize and
# PolicyService.Evaluate ask for. Compiled to Wasm by scripts/gen/policy.ts
# (`opa build -t wasm -e cpod/authz/decision`) and evaluated with per-tenant data.
#
# Input (built by the sidecar):
#   {"subject":  {"tenant_id": str, "app_id": str, "user_id": str|null, "scopes": [str]},
#    "action":   str,
#    "resource": {"type": str, "id": str, "tenant_id": str}}
# Data (per tenant, via opa-wasm setData; may be empty):
#   {"tenants": {"<tenant_id>": {"status": "active"|"suspended", "plan": str}}}
# Output:
#   {"allow": bool, "reasons": [deny reason codes, sorted]}
#
# Deny by default: `allow` is true only when every positive condition below holds. Each deny
# reason is the negation of one condition, so a denied caller learns why. Every check guards
# the type of what it reads (is_string, is_array, is_object), so malformed input makes rules
# undefined — and therefore denies — rather than raising an evaluation error.
package cpod.authz

# The closed set of actions: exactly the OAuth scopes of DESIGN.md §6. An action is authorized
# by the scope of the same name, so a new action needs a new scope (and a policy change here).
known_actions := {
	"entities.read", "entities.write",
	"kv.read", "kv.write",
	"files.read", "files.write",
	"analytics.read", "analytics.write",
	"audit.read",
	"secrets.read", "secrets.write",
}

# The public entrypoint. Always defined, whatever the input, so callers never see an empty
# result set; `allow` and `reasons` agree by construction (see the allow rule).
decision := {"allow": allow, "reasons": sort(deny)}

# Deny by default: anything not proven allowed below is denied.
default allow := false

# Allow needs every condition at once; `count(deny) == 0` keeps allow and reasons consistent
# even if a future deny rule has no matching positive condition.
allow if {
	valid_subject
	valid_resource
	action_known
	scope_granted
	same_tenant
	not tenant_suspended
	not reserved_app
	count(deny) == 0
}

# --- deny reasons -------------------------------------------------------------------------

# The sidecar must send a well-formed subject and resource; anything else is a bug or an attack,
# and naming it separately keeps it from hiding behind a plausible-looking reason.
deny contains "invalid_input" if not valid_subject

deny contains "invalid_input" if not valid_resource

# Unknown actions (typos, future features, non-strings) are refused outright, never guessed at.
deny contains "unknown_action" if not action_known

# A known action needs its scope in the token. Only reported when the scopes are readable;
# unreadable scopes are already `invalid_input`.
deny contains "missing_scope" if {
	action_known
	valid_subject
	not scope_granted
}

# Tenant isolation: a subject may only act on resources of its own tenant. Only compared when
# both ids are valid; an empty or ill-typed id is `invalid_input` instead.
deny contains "tenant_mismatch" if {
	valid_subject
	valid_resource
	input.subject.tenant_id != input.resource.tenant_id
}

# A suspended tenant loses all access, whatever its tokens say. Tenants absent from data are
# not suspended (the data document may be empty).
deny contains "tenant_suspended" if tenant_suspended

# The control plane signs itself minute-long `audit.read` tokens (app_id "cpod-control-plane",
# an id no app can have) to read a chain for the admin export. The sidecar's AuditService.Query
# checks the token itself and never asks this policy; every Admit (the gateway's only way in)
# and Authorize does, so refusing that app here makes such a token useless as a bearer token
# at the public API while it lives (no app owns it, so it cannot be revoked).
deny contains "reserved_app" if reserved_app

# --- conditions ---------------------------------------------------------------------------

# The subject's shape. user_id may be absent (proto3 JSON drops unset fields) or null (app
# tokens from client_credentials have no user); if present it must be a string.
valid_subject if {
	is_object(input.subject)
	non_empty_string(input.subject.tenant_id)
	non_empty_string(input.subject.app_id)
	valid_user_id
	is_array(input.subject.scopes)
	every scope in input.subject.scopes {
		is_string(scope)
	}
}

valid_user_id if {
	is_object(input.subject)
	not "user_id" in object.keys(input.subject)
}

valid_user_id if is_null(input.subject.user_id)

valid_user_id if is_string(input.subject.user_id)

# The resource's shape. id may be "" for collection-level actions (list, create).
valid_resource if {
	is_object(input.resource)
	non_empty_string(input.resource.type)
	is_string(input.resource.id)
	non_empty_string(input.resource.tenant_id)
}

action_known if input.action in known_actions

# The action string is its own scope name (see known_actions).
scope_granted if {
	is_array(input.subject.scopes)
	input.action in input.subject.scopes
}

same_tenant if {
	valid_subject
	valid_resource
	input.subject.tenant_id == input.resource.tenant_id
}

reserved_app if input.subject.app_id == "cpod-control-plane"

# Only the subject's own tenant is consulted: another tenant's status never affects this one.
tenant_suspended if {
	non_empty_string(input.subject.tenant_id)
	data.tenants[input.subject.tenant_id].status == "suspended"
}

non_empty_string(x) if {
	is_string(x)
	x != ""
}
