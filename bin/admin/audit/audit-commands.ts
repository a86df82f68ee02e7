import { type FileHandle, open } from "node:fs/promises";
import type { components } from "../../../gen/openapi/controlPlane.js";
import { PLATFORM_CHAIN } from "../../../lib/platform-chain.js";
import { pathSegment, positionals, stringFlag, type Values } from "../args.js";
import type { Command, CommandGroup } from "../command.js";
import { FailedError, fileError, UsageError } from "../errors.js";
import { fields, show } from "../output.js";
import { openSink } from "./export-sink.js";
import {
  canonicalLine,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportVerdict,
  GENESIS_HASH,
  verifyExport,
} from "./verify-export.js";

type AuditRecord = components["schemas"]["AuditRecord"];

/** The chain `--tenant T` or `--platform` names (exactly one), and where the contract serves it. */
function exportSource(values: Values): { tenantId: string; path: string } {
  const platform = values.platform === true;
  const tenant = stringFlag(values, "tenant");
  if (platform === (tenant !== undefined)) {
    throw new UsageError("give either --tenant TENANT_ID or --platform");
  }
  if (platform) return { tenantId: PLATFORM_CHAIN, path: "/v1/audit/platform/records" };
  const tenantId = tenant ?? "";
  return { tenantId, path: `/v1/tenants/${pathSegment(tenantId, "--tenant")}/audit/records` };
}

const exportCommand: Command = {
  name: "export",
  summary: "write a tenant's (or the platform's) audit chain as JSON Lines, to check offline",
  synopsis: "--tenant TENANT_ID | --platform [--out FILE]",
  flags: {
    tenant: { type: "string", help: "TENANT_ID  whose chain to export" },
    platform: {
      type: "boolean",
      help: "export the platform chain instead (key rotations, exports: tenant-less admin actions)",
    },
    out: { type: "string", help: "FILE  write here (replaced only when complete); default stdout" },
  },
  async run({ values, args, client, out }) {
    positionals(args, []);
    const { tenantId, path } = exportSource(values);
    const file = stringFlag(values, "out");
    const reader = client().pages<AuditRecord>(path);
    // The first page before anything is written: an unknown tenant leaves no file behind.
    const first = await reader.next();
    const sink = await openSink(file);
    let count = 0;
    let head = GENESIS_HASH;
    try {
      const exportedAt = new Date().toISOString();
      const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, tenant_id: tenantId };
      // Every line canonical (RFC 8785): the checker refuses any other form (docs/audit-export.md).
      await sink.write(canonicalLine({ ...header, exported_at: exportedAt }));
      for (let page = first; !page.done; page = await reader.next()) {
        for (const record of page.value) {
          await sink.write(canonicalLine(record));
          count += 1;
          head = record.record_hash;
        }
      }
      await sink.write(canonicalLine({ end: true, count, head_hash: head }));
      await sink.close();
    } catch (error) {
      await sink.abort();
      throw error;
    }
    if (!file) return 0; // stdout holds the export itself
    const summary = { tenant_id: tenantId, records: count, head_hash: head, file };
    show(out, summary, (s) =>
      fields(s, [
        ["TENANT", (x) => x.tenant_id],
        ["RECORDS", (x) => x.records],
        ["HEAD_HASH", (x) => x.head_hash],
        ["FILE", (x) => x.file],
      ]),
    );
    return 0;
  },
};

/** The verdict in the API's spelling (AuditVerifyResult of GET /v1/audit/verify, plus more). */
function verdictJson(v: ExportVerdict) {
  return v.valid
    ? { valid: true, tenant_id: v.tenantId, checked: v.checked, head_hash: v.headHash }
    : {
        valid: false,
        tenant_id: v.tenantId ?? null,
        checked: v.checked,
        first_invalid_sequence: v.firstInvalidSequence ?? null,
        reason: v.reason,
      };
}

const verifyCommand: Command = {
  name: "verify",
  summary: "check an exported chain offline; names the first broken sequence (exit 1)",
  synopsis: "FILE",
  flags: {},
  remote: false,
  async run({ args, out }) {
    const [path = ""] = positionals(args, ["FILE"]);
    const cannotRead = (error: unknown) => fileError("read", path, error);
    let file: FileHandle;
    try {
      file = await open(path);
    } catch (error) {
      throw cannotRead(error);
    }
    let verdict: ExportVerdict;
    try {
      verdict = await verifyExport(file.createReadStream()); // streamed: exports can be huge
    } catch (error) {
      throw cannotRead(error); // a read failing midway (EISDIR, EIO)
    } finally {
      await file.close().catch(() => undefined); // the stream may have closed it already
    }
    if (out.json) out.stdout(JSON.stringify(verdictJson(verdict), null, 2));
    if (!verdict.valid) {
      const where =
        verdict.firstInvalidSequence === undefined
          ? `${path} is not an audit export`
          : `chain broken at sequence ${verdict.firstInvalidSequence}`;
      throw new FailedError(`${where}: ${verdict.reason}`);
    }
    if (!out.json) {
      out.stdout(
        `valid: ${verdict.checked} records of tenant ${verdict.tenantId}, head hash ${verdict.headHash}`,
      );
    }
    return 0;
  },
};

/** `cpod audit …`: export a tenant's chain and verify an export offline. */
export const AUDIT: CommandGroup = {
  name: "audit",
  summary: "export a tenant's audit chain and verify an export offline",
  commands: [exportCommand, verifyCommand],
};
