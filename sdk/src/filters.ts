/** Comparison operators on one field (the contract's Mongo-style filter language). */
export interface FieldOperators<V> {
  $eq?: V;
  $ne?: V;
  $gt?: V;
  $gte?: V;
  $lt?: V;
  $lte?: V;
  $in?: V[];
  $nin?: V[];
  $exists?: boolean;
}

/**
 * A typed list filter: only the entity's indexed fields `K` may be named (the server answers
 * 400 `invalid_filter` for any other), each with a value of the field's type or operators.
 * A bare value means `$eq`.
 *
 * @example
 *   const f: Filter<Person, "email" | "display_name"> = {
 *     $or: [{ email: "ada@example.org" }, { display_name: { $gte: "M" } }],
 *   };
 */
export type Filter<T, K extends PropertyKey = keyof T> = {
  [F in K]?: F extends keyof T ? NonNullable<T[F]> | FieldOperators<NonNullable<T[F]>> : never;
} & {
  $and?: Filter<T, K>[];
  $or?: Filter<T, K>[];
};

/** The `filter` query parameter: the filter as JSON, or undefined for none. */
export function encodeFilter(filter: object | undefined): string | undefined {
  if (filter === undefined || Object.keys(filter).length === 0) return undefined;
  return JSON.stringify(filter);
}
