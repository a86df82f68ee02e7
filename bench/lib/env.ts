/**
 * The environment for a child program: ours minus every cPod/CoreSDK setting, so a store URL
 * exported in the bench's shell (e.g. from `scripts/services.sh env`) never silently swaps an
 * embedded store for a server, plus exactly the settings the bench passes.
 */
export function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // OTEL_* too: an exported OTLP endpoint would trace (and slow) every row's programs.
    if (!/^(CPOD_|CORESDK_|OTEL_|NODE_OPTIONS$)/.test(name)) env[name] = value;
  }
  return { ...env, ...settings };
}
