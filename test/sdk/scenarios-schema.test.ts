import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../gen/errors/codes.js";
import { errorsFile, SCENARIOS_DIR } from "./scenario-data.js";

// The scenario files are data three runners trust: a typo (an `expect` key misspelt, a class
// that does not exist) would silently test nothing, so every file must match schema.json.

const schema = JSON.parse(readFileSync(`${SCENARIOS_DIR}schema.json`, "utf8"));
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats.default(ajv);
const validate = ajv.compile(schema);
const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith(".json") && f !== "schema.json");

describe("scenario files", () => {
  it("are the four categories", () => {
    expect(files.sort()).toEqual(["errors.json", "pagination.json", "retry.json", "tokens.json"]);
  });

  it.each(files)("%s matches schema.json", (file) => {
    const data = JSON.parse(readFileSync(`${SCENARIOS_DIR}${file}`, "utf8"));
    validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(`${data.category}.json`).toBe(file);
  });

  it("rejects a scenario with a misspelt expectation (the schema is not vacuous)", () => {
    const [first] = errorsFile.scenarios;
    const broken = {
      ...errorsFile,
      scenarios: [{ ...first, expect: { ...first?.expect, clas: "X" } }],
    };
    expect(validate(broken)).toBe(false);
  });

  it("cover exactly the contract's error codes", () => {
    const covered = new Set(errorsFile.scenarios.map((s) => s.expect.code));
    expect([...covered].sort()).toEqual([...ERROR_CODES].sort());
  });
});
