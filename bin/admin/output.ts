/** Where a command writes; the tests' and the process's streams look the same to it. */
export interface Output {
  json: boolean;
  stdout: (text: string) => void;
}

/** A column of a table: the header and how to read a cell from a row. */
export type Column<T> = [header: string, cell: (row: T) => unknown];

/** A cell as text: `-` for nothing, lists joined with spaces, objects as compact JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (Array.isArray(value)) return value.map(cellText).join(" ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Rows as an aligned, headed table (no borders, so `grep` and `awk` still work), or `(none)`.
 *
 * @example
 *   table([{ id: "t_1" }], [["ID", (r) => r.id]]); // "ID\nt_1"
 */
export function table<T>(rows: readonly T[], columns: Column<T>[]): string {
  if (rows.length === 0) return "(none)";
  const cells = [
    columns.map(([header]) => header),
    ...rows.map((row) => columns.map(([, cell]) => cellText(cell(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? "").length)));
  return cells
    .map((line) =>
      line
        .map((text, i) => text.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** One object as `label  value` lines. */
export function fields<T>(row: T, columns: Column<T>[]): string {
  const width = Math.max(...columns.map(([label]) => label.length));
  return columns
    .map(([label, cell]) => `${label.padEnd(width)}  ${cellText(cell(row))}`)
    .join("\n");
}

/** `body` as indented JSON under `--json`, else the human rendering of it. */
export function show<T>(out: Output, body: T, human: (body: T) => string): void {
  out.stdout(out.json ? JSON.stringify(body, null, 2) : human(body));
}
