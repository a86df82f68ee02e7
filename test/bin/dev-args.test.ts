import { describe, expect, it } from "vitest";
import { parseDevArgs } from "../../bin/dev/dev-usage.js";

describe("cpod dev's arguments", () => {
  it("runs with no arguments or with --config FILE / --config=FILE (the config loader's flag)", () => {
    expect(parseDevArgs([])).toBe("run");
    expect(parseDevArgs(["--config", "cpod.config.json"])).toBe("run");
    expect(parseDevArgs(["--config=cpod.config.json"])).toBe("run");
  });

  it("asks for help with --help or -h, wherever it is", () => {
    expect(parseDevArgs(["--config", "x.json", "--help"])).toBe("help");
    expect(parseDevArgs(["-h"])).toBe("help");
  });

  it("names the first option it does not know", () => {
    expect(parseDevArgs(["--port", "9000"])).toEqual({ unknown: "--port" });
    expect(parseDevArgs(["--config", "x.json", "extra"])).toEqual({ unknown: "extra" });
  });
});
