# Unit tests for policy/authz.rego; run with `opa test policy/`. The exhaustive decision table
# lives in test/fixtures/policy-cases.json and is checked against both the Wasm build and the
# CLI by test/policy/decisions.test.ts; these tests pin each rule in isolation.
package cpod.authz_test

import data.cpod.authz

subject := {
	"tenant_id": "ten_a",
	"app_id": "app_1",
	"user_id": "usr_1",
	"scopes": ["entities.read", "kv.write"],
}

resource := {"type": "person", "id": "per_1", "tenant_id": "ten_a"}

request := {"subject": subject, "action": "entities.read", "resource": resource}

allowed := {"allow": true, "reasons": []}

denied(reasons) := {"allow": false, "reasons": reasons}

test_allow_when_scope_and_tenant_match if {
	authz.decision == allowed with input as request
}

test_allow_app_token_without_user if {
	authz.decision == allowed with input as object.union(request, {"subject": object.union(subject, {"user_id": null})})
}

test_allow_when_user_id_absent if {
	authz.decision == allowed with input as object.union(request, {"subject": object.remove(subject, ["user_id"])})
}

test_allow_collection_level_resource_with_empty_id if {
	authz.decision == allowed with input as object.union(request, {"resource": object.union(resource, {"id": ""})})
}

test_allow_active_tenant_in_data if {
	authz.decision == allowed with input as request with data.tenants as {"ten_a": {"status": "active", "plan": "pro"}}
}

test_every_scope_is_a_known_action if {
	every action in ["entities.read", "entities.write", "kv.read", "kv.write", "files.read", "files.write", "analytics.read", "analytics.write", "audit.read", "secrets.read", "secrets.write"] {
		authz.decision == allowed with input as object.union(request, {"action": action, "subject": object.union(subject, {"scopes": [action]})})
	}
}

test_deny_missing_scope if {
	authz.decision == denied(["missing_scope"]) with input as object.union(request, {"action": "secrets.read"})
}

test_deny_read_scope_does_not_grant_write if {
	authz.decision == denied(["missing_scope"]) with input as object.union(request, {"action": "entities.write"})
}

test_deny_unknown_action if {
	authz.decision == denied(["unknown_action"]) with input as object.union(request, {"action": "entities.delete", "subject": object.union(subject, {"scopes": ["entities.delete"]})})
}

test_deny_non_string_action if {
	authz.decision == denied(["unknown_action"]) with input as object.union(request, {"action": 42})
}

test_deny_tenant_mismatch if {
	authz.decision == denied(["tenant_mismatch"]) with input as object.union(request, {"resource": object.union(resource, {"tenant_id": "ten_b"})})
}

test_deny_suspended_tenant if {
	authz.decision == denied(["tenant_suspended"]) with input as request with data.tenants as {"ten_a": {"status": "suspended", "plan": "free"}}
}

test_other_tenant_suspension_is_ignored if {
	authz.decision == allowed with input as request with data.tenants as {"ten_b": {"status": "suspended", "plan": "free"}}
}

test_deny_reasons_are_sorted_and_combined if {
	authz.decision == denied(["missing_scope", "tenant_mismatch", "tenant_suspended"]) with input as object.union(request, {"action": "audit.read", "resource": object.union(resource, {"tenant_id": "ten_b"})})
		with data.tenants as {"ten_a": {"status": "suspended"}}
}

test_deny_missing_subject if {
	authz.decision == denied(["invalid_input"]) with input as object.remove(request, ["subject"])
}

test_deny_scopes_not_an_array if {
	authz.decision == denied(["invalid_input"]) with input as object.union(request, {"subject": object.union(subject, {"scopes": "entities.read"})})
}

test_deny_non_string_scope if {
	authz.decision == denied(["invalid_input"]) with input as object.union(request, {"subject": object.union(subject, {"scopes": ["entities.read", 7]})})
}

test_deny_empty_tenant_ids if {
	authz.decision == denied(["invalid_input"]) with input as object.union(request, {"subject": object.union(subject, {"tenant_id": ""}), "resource": object.union(resource, {"tenant_id": ""})})
}

test_deny_numeric_resource_tenant if {
	authz.decision == denied(["invalid_input"]) with input as object.union(request, {"resource": object.union(resource, {"tenant_id": 1})})
}

test_deny_boolean_user_id if {
	authz.decision == denied(["invalid_input"]) with input as object.union(request, {"subject": object.union(subject, {"user_id": false})})
}

test_deny_empty_input if {
	authz.decision == denied(["invalid_input", "unknown_action"]) with input as {}
}

test_deny_non_object_input if {
	authz.decision == denied(["invalid_input", "unknown_action"]) with input as "entities.read"
}

test_malformed_data_does_not_suspend if {
	authz.decision == allowed with input as request with data.tenants as ["ten_a"]
}

test_deny_control_plane_reader_token if {
	reader := object.union(subject, {"app_id": "cpod-control-plane", "scopes": ["audit.read"]})
	authz.decision == denied(["reserved_app"]) with input as object.union(request, {"subject": reader, "action": "audit.read"})
}
