import { fromJson, type JsonValue, toJson } from "@bufbuild/protobuf";
import { type Value, ValueSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type MaskFinding,
  MaskFindingKind,
  type MaskingService,
  type MaskRules as MaskRulesMessage,
} from "../../gen/proto/coresdk/v1/masking_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { Finding, FindingKind } from "./finding.js";
import type { Masker, MaskRules } from "./masker.js";

/** Same cap as `max_bytes` on MaskRequest.json and MaskStringRequest.text, for every form. */
export const MAX_INPUT_BYTES = 1 << 20;

/** Domain kind → proto enum; a total record, so a new kind without a row does not compile. */
const PROTO_KINDS: Readonly<Record<FindingKind, MaskFindingKind>> = {
  email: MaskFindingKind.EMAIL,
  phone: MaskFindingKind.PHONE,
  card_number: MaskFindingKind.CARD_NUMBER,
  iban: MaskFindingKind.IBAN,
  us_ssn: MaskFindingKind.US_SSN,
  jwt: MaskFindingKind.JWT,
  bearer_token: MaskFindingKind.BEARER_TOKEN,
  api_key: MaskFindingKind.API_KEY,
  private_key: MaskFindingKind.PRIVATE_KEY,
  password: MaskFindingKind.PASSWORD,
  blocked_field: MaskFindingKind.BLOCKED_FIELD,
  custom_pattern: MaskFindingKind.CUSTOM_PATTERN,
};

type FindingInit = Pick<MaskFinding, "kind" | "pointer" | "patternIndex">;

const toProto = (f: Finding): FindingInit => ({
  kind: PROTO_KINDS[f.kind],
  pointer: f.pointer,
  patternIndex: f.patternIndex,
});

const toRules = (rules: MaskRulesMessage | undefined): MaskRules => ({
  blockedFields: rules?.blockedFields ?? [],
  patterns: rules?.patterns ?? [],
});

/** Errors name the field only: the input is exactly what must not come back. */
function checkSize(field: string, text: string): void {
  if (Buffer.byteLength(text, "utf8") > MAX_INPUT_BYTES) {
    throw new SidecarError("validation_failed", `${field}: at most ${MAX_INPUT_BYTES} bytes`);
  }
}

function parseJson(text: string): JsonValue {
  checkSize("json", text);
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new SidecarError("validation_failed", "json: not valid JSON text");
  }
}

/** google.protobuf.Value → plain JSON; an unset kind or a non-finite number is not JSON. */
function valueToJson(value: Value): JsonValue {
  let json: JsonValue;
  try {
    json = toJson(ValueSchema, value);
  } catch {
    throw new SidecarError(
      "validation_failed",
      "value: not a JSON value (unset kind or non-finite number)",
    );
  }
  checkSize("value", JSON.stringify(json));
  return json;
}

/**
 * MaskingService over a {@link Masker}. The masked document comes back in the form it was given
 * (`value` → `value`, `json` → `json`). JSON text is re-serialized compactly, and its numbers
 * pass through JavaScript doubles (integers beyond 2^53 lose precision), as with `Value`.
 *
 * @example
 *   router.service(MaskingService, createMaskingService(new Masker()));
 */
export function createMaskingService(masker: Masker): ServiceImpl<typeof MaskingService> {
  return {
    mask(req) {
      const rules = toRules(req.rules);
      if (req.input.case === "json") {
        const { masked, findings } = masker.maskJson(parseJson(req.input.value), rules);
        return {
          output: { case: "json", value: JSON.stringify(masked) },
          findings: findings.map(toProto),
        };
      }
      if (req.input.case === "value") {
        const { masked, findings } = masker.maskJson(valueToJson(req.input.value), rules);
        return {
          output: { case: "value", value: fromJson(ValueSchema, masked) },
          findings: findings.map(toProto),
        };
      }
      throw new SidecarError("validation_failed", "input: one of value or json is required");
    },
    maskString(req) {
      checkSize("text", req.text);
      const { masked, findings } = masker.maskString(req.text, toRules(req.rules));
      return { text: masked, findings: findings.map(toProto) };
    },
  };
}
