import { describe, expect, it } from "vitest";
import { gatewayEntities, gatewaySchemaDocument } from "../../../gen/routes/gateway.js";
import { entityType, entityTypes } from "../../../server/gateway/entities/index.js";
import { widget, widgetInfo, widgetSchemas } from "./fixtures.js";

describe("entity types from the contract", () => {
  const types = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);

  it("builds every generated entity type", () => {
    expect([...types.keys()].sort()).toEqual([
      "Group",
      "Person",
      "SoftwareLicense",
      "TechnologyAsset",
    ]);
    const person = types.get("Person");
    expect(person).toMatchObject({ plural: "people", idPrefix: "per", required: ["display_name"] });
    expect(person?.indexed.map((f) => [f.name, f.kind])).toEqual([
      ["display_name", "string"],
      ["email", "string"],
      ["external_id", "string"],
    ]);
    expect([...(person?.queryable.keys() ?? [])]).toEqual([
      "id",
      "created_at",
      "updated_at",
      "display_name",
      "email",
      "external_id",
    ]);
    expect(types.get("SoftwareLicense")?.kinds.get("seats")).toBe("number");
    expect(types.get("Group")?.kinds.get("member_ids")).toBe("other");
  });

  it("reads number and boolean kinds from a fixture type's schema", () => {
    expect(widget.indexed.map((f) => f.kind)).toEqual(["string", "number", "boolean"]);
  });

  it("refuses contracts the stores cannot serve safely", () => {
    const bad = [
      { ...widgetInfo, indexed: ["tags"] },
      { ...widgetInfo, fields: [...widgetInfo.fields, "version"] },
      { ...widgetInfo, fields: [...widgetInfo.fields, "x'y"] },
      { ...widgetInfo, type: "Wid get" },
      { ...widgetInfo, indexed: ["missing"] },
    ];
    for (const info of bad) expect(() => entityType(info, widgetSchemas)).toThrow(TypeError);
  });
});
