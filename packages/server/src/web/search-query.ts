// The issue search box: free text plus `key:value` terms, e.g.
//   is:unresolved level:error environment:production user:42 browser:"Chrome 120" payment failed
// Quotes group words ("a b" or key:"a b"); a term whose key is not known becomes a tag filter; a
// token that is not key:value (or has an empty side, or looks like a URL) is free text. Unknown `is:`/`level:` values are
// reported as problems rather than silently dropped, so the page can say why nothing matched.

import type { IssueStatus, Level } from '../storage/types.js';

export interface ParsedSearch {
  status?: IssueStatus;
  level?: Level;
  environment?: string;
  release?: string;
  tags: Array<[string, string]>;
  text: string;
  problems: string[];
}

const STATUSES: readonly string[] = ['unresolved', 'resolved', 'ignored'];
const LEVELS: readonly string[] = ['fatal', 'error', 'warning', 'info', 'debug'];
/** Longest query we parse: the box is for people, not for bulk payloads. */
const MAX_QUERY = 1000;

/** Splits a query into tokens, honouring double quotes around whole tokens or values. */
export function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (const ch of query.slice(0, MAX_QUERY)) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (!inQuotes && /\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}

/** Parses the search box into issue filters. */
export function parseSearch(query: string): ParsedSearch {
  const result: ParsedSearch = { tags: [], text: '', problems: [] };
  const words: string[] = [];
  for (const token of tokenize(query)) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? token.slice(colon + 1) : '';
    // A value starting with // is a pasted URL (http://…), not a filter.
    if (!key || !value || value.startsWith('//') || !/^[a-z0-9_.-]+$/.test(key)) {
      if (token) words.push(token);
      continue;
    }
    switch (key) {
      case 'is':
        if (STATUSES.includes(value)) result.status = value as IssueStatus;
        else result.problems.push(`unknown status "${value}" (use unresolved, resolved or ignored)`);
        break;
      case 'level':
        if (LEVELS.includes(value)) result.level = value as Level;
        else result.problems.push(`unknown level "${value}"`);
        break;
      case 'environment':
      case 'env':
        result.environment = value;
        break;
      case 'release':
        result.release = value;
        break;
      default:
        result.tags.push([key, value]);
    }
  }
  result.text = words.join(' ');
  return result;
}

/** Quotes a value for a search term when it holds spaces, so serialise(parse(x)) round-trips. */
export function searchTerm(key: string, value: string): string {
  return /[\s"]/.test(value) ? `${key}:"${value.replace(/"/g, '')}"` : `${key}:${value}`;
}
