/** `cpod dev`: every program in one process on embedded stores. Built by issue #5. */
export async function main(_argv: string[]): Promise<number> {
  console.error(
    "cpod dev: not available yet — the all-in-one dev mode lands with issue #5; run `cpod sidecar`, `cpod gateway` or `cpod control-plane`",
  );
  return 2;
}
