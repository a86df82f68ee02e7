import { describe, expect, it } from "vitest";
import { parseProgramArgs } from "../../bin/program-args.js";

describe("a program's arguments (cpod dev, gateway, control-plane, sidecar)", () => {
  it("runs with no arguments or with --config FILE / --config=FILE (the config loader's flag)", () => {
    expect(parseProgramArgs([])).toBe("run");
    expect(parseProgramArgs(["--config", "cpod.config.json"])).toBe("run");
    expect(parseProgramArgs(["--config=cpod.config.json"])).toBe("run");
  });

  it("asks for help with --help or -h, wherever it is", () => {
    expect(parseProgramArgs(["--config", "x.json", "--help"])).toBe("help");
    expect(parseProgramArgs(["-h"])).toBe("help");
  });

  it("names the first option it does not know", () => {
    expect(parseProgramArgs(["--port", "9000"])).toEqual({ unknown: "--port" });
    expect(parseProgramArgs(["--config", "x.json", "extra"])).toEqual({ unknown: "extra" });
  });
});
