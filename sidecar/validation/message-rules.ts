import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator } from "@bufbuild/protovalidate";

const validator = createValidator();

/**
 * The protovalidate rules of the proto, checked for one message: undefined when it passes, else
 * one line naming each field and rule id — never the offending values (they may be secrets).
 * The request interceptors use it for whole requests; the batch RPCs use it per item, so one bad
 * item is answered on its own instead of failing its neighbours.
 *
 * @example
 *   const problem = ruleViolations(EmitRequestSchema, record); // "request_id: string.min_len"
 */
export function ruleViolations<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): string | undefined {
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return undefined;
  if (result.kind === "invalid") {
    return result.violations.map((v) => `${pathToString(v.field)}: ${v.ruleId}`).join("; ");
  }
  return "request could not be validated";
}
