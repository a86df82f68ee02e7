import type { Document } from "mongodb";
import type { QueryField } from "../entity-types.js";
import type { FilterNode } from "../filter-ast.js";

/** Where a queryable field lives in a stored document: `id` is `_id`, the rest top-level. */
export const mongoPath = (field: QueryField | string): string => {
  const name = typeof field === "string" ? field : field.name;
  return name === "id" ? "_id" : name;
};

/**
 * Translates a filter AST into a MongoDB query document. Every key it emits is an operator it
 * chose or a field name the parser accepted from the type's declared fields, and every value is
 * a checked scalar wrapped in an explicit operator (`{$eq: v}`, never a bare value), so no user
 * JSON or operator can reach the driver. The AST's semantics are MongoDB's, so this is direct.
 *
 * @example
 *   toMongoFilter({ op: "in", field: email, values: ["a@x", "b@x"] });
 *   // { email: { $in: ["a@x", "b@x"] } }
 */
export function toMongoFilter(node: FilterNode): Document {
  switch (node.op) {
    case "and":
      return node.nodes.length === 0 ? {} : { $and: node.nodes.map(toMongoFilter) };
    case "or":
      // An empty $or is an error in MongoDB; "matches nothing" is an impossible _id instead.
      return node.nodes.length === 0
        ? { _id: { $exists: false } }
        : { $or: node.nodes.map(toMongoFilter) };
    case "in":
    case "nin":
      return { [mongoPath(node.field)]: { [`$${node.op}`]: [...node.values] } };
    case "exists":
      return { [mongoPath(node.field)]: { $exists: node.value } };
    default:
      return { [mongoPath(node.field)]: { [`$${node.op}`]: node.value } };
  }
}
