// The member types of an export's record line (docs/audit-export.md, DESIGN.md §7). A hash
// only proves the bytes did not change since they were hashed; it says nothing about whether
// `actor` is an object or `status` a number. Standalone like verify-export.ts: no platform code.

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isHash: Check = (v) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);

/** An object with exactly these members, each passing its check. */
const exactly =
  (members: Record<string, Check>): Check =>
  (v) =>
    isObject(v) &&
    Object.keys(v).length === Object.keys(members).length &&
    Object.entries(members).every(([name, check]) => name in v && check(v[name]));

/** Each member of a record and what its value must be. */
const MEMBERS: Record<string, Check> = {
  tenant_id: isString,
  sequence_id: (v) => Number.isSafeInteger(v) && (v as number) >= 1,
  timestamp: isString,
  actor: exactly({
    type: isString,
    id: isString,
    app_id: orNull(isString),
    user_id: orNull(isString),
  }),
  action: isString,
  resource: exactly({ type: isString, id: orNull(isString) }),
  outcome: isString,
  status: orNull(Number.isSafeInteger),
  request_id: orNull(isString),
  metadata: orNull(isObject),
  previous_hash: isHash,
  record_hash: isHash,
};

/** The name of the first member of `record` whose value has the wrong type or shape, if any. */
export function illTypedMember(record: Record<string, unknown>): string | undefined {
  return Object.entries(MEMBERS).find(
    ([name, check]) => name in record && !check(record[name]),
  )?.[0];
}
