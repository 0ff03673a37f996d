import { describe, expect, it } from 'vitest';
import { issueQuery } from './issue-routes.js';

describe('issueQuery', () => {
  it('defaults to unresolved issues by last seen, 25 a page', () => {
    const { query } = issueQuery({}, [1, 2]);
    expect(query).toMatchObject({ projectIds: [1, 2], status: 'unresolved', sort: 'lastSeen', limit: 25 });
  });
  it('lets search terms override the form fields', () => {
    const { query } = issueQuery(
      {
        status: 'resolved',
        level: 'info',
        environment: 'a',
        query: 'is:ignored level:fatal env:b boom user:7',
      },
      [1],
    );
    expect(query).toMatchObject({
      status: 'ignored',
      level: 'fatal',
      environment: 'b',
      text: 'boom',
      tags: [['user', '7']],
    });
  });
  it('reads status "all" as no status filter and drops unknown values', () => {
    const { query } = issueQuery({ status: 'all', level: 'loud', sort: 'random' }, [1]);
    expect(query.status).toBeUndefined();
    expect(query.level).toBeUndefined();
    expect(query.sort).toBe('lastSeen');
  });
  it('passes the cursor and reports search problems', () => {
    const { query, problems } = issueQuery({ cursor: 'abc', query: 'is:nope' }, [1]);
    expect(query.cursor).toBe('abc');
    expect(problems).toHaveLength(1);
  });
});
