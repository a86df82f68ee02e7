import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
}

/**
 * The part of a profile to count, as seconds before the process exited: the load window, so
 * start-up (module compilation, a database's initdb) does not drown the steady state.
 */
export interface Window {
  fromSecsBeforeExit: number;
  toSecsBeforeExit: number;
}

/** Self time of one function (or one area), in ms and as a share of the profile. */
export interface Hotspot {
  name: string;
  ms: number;
  share: number;
}

/** `node_modules/@a/b/…` → `@a/b`, a repo file → its path, node internals → `node:<module>`. */
export function areaOf(url: string): string {
  if (!url) return "(native / VM)";
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1] as string;
  if (url.startsWith("node:"))
    return url
      .replace(/^node:internal\//, "node:")
      .split("/")
      .slice(0, 2)
      .join("/");
  const repo = /\/(server|sidecar|gen|bin|bench|test)\/(.*)$/.exec(url);
  return repo ? `${repo[1]}/${repo[2]}` : url;
}

function selfTimes(profile: CpuProfile, window?: Window): Map<number, number> {
  const total = profile.timeDeltas.reduce((sum, d) => sum + d, 0);
  const from = window ? total - window.fromSecsBeforeExit * 1e6 : Number.NEGATIVE_INFINITY;
  const to = window ? total - window.toSecsBeforeExit * 1e6 : Number.POSITIVE_INFINITY;
  const self = new Map<number, number>();
  let t = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t >= from && t <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  return self;
}

/**
 * Top self-time functions and areas of a `.cpuprofile` (V8's format, from `node --cpu-prof`).
 * Idle time (`(idle)`) is left out of the shares, so they add up to the CPU actually used.
 */
export function summarize(
  path: string,
  top = 20,
  window?: Window,
): { functions: Hotspot[]; areas: Hotspot[]; busyMs: number } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const self = selfTimes(profile, window);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || us === 0) continue;
    busy += us;
    const area = areaOf(url);
    const fn = `${functionName || "(anonymous)"} ${area}${url ? `:${lineNumber + 1}` : ""}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    const areaKey = url ? area : functionName;
    byArea.set(areaKey, (byArea.get(areaKey) ?? 0) + us);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
  return { functions: rank(byFn), areas: rank(byArea), busyMs: busy / 1000 };
}

/** A markdown table of hotspots. */
export function hotspotTable(title: string, rows: Hotspot[]): string {
  const lines = rows.map(
    (h) =>
      `| ${h.name.replaceAll("|", "\\|")} | ${h.ms.toFixed(0)} | ${(h.share * 100).toFixed(1)}% |`,
  );
  return [`| ${title} | self ms | share of busy CPU |`, "|---|---:|---:|", ...lines].join("\n");
}
