import type { components } from "../../gen/openapi/controlPlane.js";
import { positionals } from "./args.js";
import type { Command, CommandGroup } from "./command.js";
import { fields, show } from "./output.js";

type KeyRotation = components["schemas"]["KeyRotation"];

const rotate: Command = {
  name: "rotate",
  summary: "sign with the published next key, publish a new next one; old tokens keep verifying",
  synopsis: "",
  flags: {},
  async run({ args, client, out }) {
    positionals(args, []);
    const rotation = await client().call<KeyRotation>("POST", "/v1/keys/rotate");
    show(out, rotation, (r) =>
      fields(r, [
        ["KID", (x) => x.kid],
        ["ALG", (x) => x.alg],
        ["CREATED", (x) => x.created_at],
        ["ACTIVATED", (x) => x.activated_at],
        ["NEXT_KID", (x) => x.next_kid],
        ["PREVIOUS_KID", (x) => x.previous_kid],
        ["PREVIOUS_RETIRES", (x) => x.previous_key_retires_at],
      ]),
    );
    return 0;
  },
};

/** `cpod keys …`: the signing-key operations of openapi/control-plane.yaml. */
export const KEYS: CommandGroup = {
  name: "keys",
  summary: "rotate the RSA key that signs access tokens",
  commands: [rotate],
};
