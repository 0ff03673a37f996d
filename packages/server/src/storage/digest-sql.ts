// Digest's multi-row inserts as SQL text built once per shape and row count, with a flat parameter
// list. Building them through Kysely made an AST of rows × columns nodes and compiled it to the same
// text on every batch (the events insert alone is 2,500 values); the text here is what Kysely
// produced, so both backends run the same statements as before.
import { CompiledQuery, type Transaction } from 'kysely';
import type { Flavor } from './flavor.js';
import type { Database } from './schema.js';

export interface InsertShape {
  table: string;
  columns: readonly string[];
  /** Everything after the VALUES list: the conflict clause and RETURNING. */
  tail: string;
}

const quote = (name: string) => `"${name}"`;
const texts = {
  sqlite: new WeakMap<InsertShape, Map<number, string>>(),
  postgres: new WeakMap<InsertShape, Map<number, string>>(),
};

/** The statement for `rows` rows of `shape`, with the backend's placeholders (`?` or `$n`). */
export function insertText(dialect: Flavor['dialect'], shape: InsertShape, rows: number): string {
  let byRows = texts[dialect].get(shape);
  if (!byRows) {
    byRows = new Map();
    texts[dialect].set(shape, byRows);
  }
  let text = byRows.get(rows);
  if (text !== undefined) return text;
  const width = shape.columns.length;
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < width; c++) marks.push(dialect === 'postgres' ? `$${r * width + c + 1}` : '?');
    groups.push(`(${marks.join(', ')})`);
  }
  text = `insert into ${quote(shape.table)} (${shape.columns.map(quote).join(', ')}) values ${groups.join(', ')}${shape.tail ? ` ${shape.tail}` : ''}`;
  // One text per row count up to the chunk size: at most a few hundred per shape.
  byRows.set(rows, text);
  return text;
}

/** Runs one insert of `params.length / columns.length` rows; returns the RETURNING rows. */
export async function insertFlat<R>(
  tx: Transaction<Database>,
  dialect: Flavor['dialect'],
  shape: InsertShape,
  params: unknown[],
): Promise<R[]> {
  const rows = params.length / shape.columns.length;
  const result = await tx.executeQuery<R>(CompiledQuery.raw(insertText(dialect, shape, rows), params));
  return result.rows as R[];
}

const existingTexts = { sqlite: new Map<number, string>(), postgres: new Map<number, string>() };

/** The stored (event_id, issue_id) of `ids` events of one project, through the unique index. */
export async function selectStoredEvents(
  tx: Transaction<Database>,
  dialect: Flavor['dialect'],
  projectId: number,
  ids: string[],
): Promise<Array<{ event_id: string; issue_id: unknown }>> {
  let text = existingTexts[dialect].get(ids.length);
  if (text === undefined) {
    const marks: string[] = [];
    for (let i = 0; i < ids.length; i++) marks.push(dialect === 'postgres' ? `$${i + 2}` : '?');
    const first = dialect === 'postgres' ? '$1' : '?';
    text = `select "event_id", "issue_id" from "events" where "project_id" = ${first} and "event_id" in (${marks.join(', ')})`;
    existingTexts[dialect].set(ids.length, text);
  }
  const result = await tx.executeQuery<{ event_id: string; issue_id: unknown }>(
    CompiledQuery.raw(text, [projectId, ...ids]),
  );
  return result.rows as Array<{ event_id: string; issue_id: unknown }>;
}
