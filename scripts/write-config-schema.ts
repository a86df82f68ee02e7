// Writes config/cpod.config.schema.json from the settings table (lib/config/settings.ts):
// `node --import tsx scripts/write-config-schema.ts`. test/lib/config/schema.test.ts fails
// when the committed copy and the table disagree; `npx biome format --write config/` afterwards.
import { writeFileSync } from "node:fs";
import { configSchema } from "../lib/config/schema.js";

const target = new URL("../config/cpod.config.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(configSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
