import { describe, expect, it } from 'vitest';
import { expandPanelSql } from './panel-sql';
import { expandMacros } from './sql-macros';
import { applyConditionalAll, replaceVariables } from './template-variables';

// The vectors of grafana/clickhouse-datasource pkg/macros/macros_test.go.
const range = {
  fromMs: Date.parse('2014-11-12T11:45:26.123Z'),
  toMs: Date.parse('2015-11-12T11:45:26.456Z'),
  intervalMs: 20_000,
};

describe("the ClickHouse plugin's macros", () => {
  it.each([
    [
      'select * from foo where $__timeFilter(cast(sth as timestamp))',
      'select * from foo where cast(sth as timestamp) >= toDateTime(1415792726) AND cast(sth as timestamp) <= toDateTime(1447328726)',
    ],
    [
      'select * from foo where $__timeFilter(cast(sth as timestamp) )',
      'select * from foo where cast(sth as timestamp) >= toDateTime(1415792726) AND cast(sth as timestamp) <= toDateTime(1447328726)',
    ],
    [
      'select * from foo where $__timeFilter_ms(cast(sth as timestamp))',
      'select * from foo where cast(sth as timestamp) >= fromUnixTimestamp64Milli(1415792726123) AND cast(sth as timestamp) <= fromUnixTimestamp64Milli(1447328726456)',
    ],
    [
      'select * from foo where ( date >= $__fromTime and date <= $__toTime ) limit 100',
      'select * from foo where ( date >= toDateTime(1415792726) and date <= toDateTime(1447328726) ) limit 100',
    ],
    [
      'select * from foo where ( date >= $__fromTime_ms ) and ( date <= $__toTime_ms ) limit 100',
      'select * from foo where ( date >= fromUnixTimestamp64Milli(1415792726123) ) and ( date <= fromUnixTimestamp64Milli(1447328726456) ) limit 100',
    ],
    [
      'where $__dateFilter(dateCol)',
      "where dateCol >= toDate('2014-11-12') AND dateCol <= toDate('2015-11-12')",
    ],
    [
      'where $__dateTimeFilter(dateCol, timeCol)',
      "where (dateCol >= toDate('2014-11-12') AND dateCol <= toDate('2015-11-12')) AND (timeCol >= toDateTime(1415792726) AND timeCol <= toDateTime(1447328726))",
    ],
    [
      'select $__timeInterval(col) from foo',
      'select toStartOfInterval(toDateTime(col), INTERVAL 20 second) from foo',
    ],
    [
      'select $__timeInterval_ms(col) from foo',
      'select toStartOfInterval(toDateTime64(col, 3), INTERVAL 20000 millisecond) from foo',
    ],
    [
      'select toStartOfInterval(col, INTERVAL $__interval_s second) AS time from foo',
      'select toStartOfInterval(col, INTERVAL 20 second) AS time from foo',
    ],
    ['$__interval / $__interval_ms', '20s / 20000'],
    [
      'where $__timeFrom(t) and $__timeTo(t)',
      "where t >= '2014-11-12T11:45:26Z' and t <= '2015-11-12T11:45:26Z'",
    ],
  ])('%s', (sql, expected) => {
    expect(expandMacros(sql, range)).toBe(expected);
  });

  it('never goes below one second per bucket, truncating like Go', () => {
    expect(expandMacros('$__interval_s', { ...range, intervalMs: 200 })).toBe('1');
    expect(expandMacros('$__timeInterval(t)', { ...range, intervalMs: 1999 })).toBe(
      'toStartOfInterval(toDateTime(t), INTERVAL 1 second)',
    );
  });

  it('rejects a wrong argument count and an unclosed bracket', () => {
    expect(() => expandMacros('$__timeFilter(a, b)', range)).toThrow(/expected 1 argument, received 2/);
    expect(() => expandMacros('$__timeFilter(a', range)).toThrow(/missing close bracket/);
  });
});

describe("Grafana's frontend interpolation for the ClickHouse data source", () => {
  const ctx = {
    ...range,
    variables: {
      ws: { current: ['a', "o'brien"] },
      one: { current: 'x' },
      all: { current: ['$__all'], options: ['p', 'q'] },
    },
  };

  it('formats multi-value variables as the plugin does and honours explicit formats', () => {
    expect(replaceVariables('IN ($ws)', ctx)).toBe("IN ('a','o'brien')");
    expect(replaceVariables('IN (${ws:singlequote})', ctx)).toBe("IN ('a','o\\'brien')");
    expect(replaceVariables('IN (${ws:sqlstring})', ctx)).toBe("IN ('a','o''brien')");
    expect(replaceVariables("= '${one}' AND [[one]]", ctx)).toBe("= 'x' AND x");
    expect(replaceVariables('IN (${all:singlequote})', ctx)).toBe("IN ('p','q')");
    expect(replaceVariables('$__from $__to $__interval $unknown $__timeFilter(t)', ctx)).toBe(
      `${range.fromMs} ${range.toMs} 20s $unknown $__timeFilter(t)`,
    );
  });

  it('turns $__conditionalAll into 1=1 when the variable is All, else keeps the condition', () => {
    expect(
      applyConditionalAll('WHERE $__conditionalAll(s IN (${all:singlequote}), $all)', ctx.variables),
    ).toBe('WHERE 1=1');
    expect(applyConditionalAll('WHERE $__conditionalAll(s IN ($ws), ${ws})', ctx.variables)).toBe(
      'WHERE s IN ($ws)',
    );
  });

  it('expands a whole panel query: variables first, then macros', () => {
    expect(
      expandPanelSql(
        'SELECT $__timeInterval(Timestamp) AS time FROM spans WHERE $__timeFilter(Timestamp) AND WorkspaceId IN (${ws:singlequote})',
        ctx,
      ),
    ).toBe(
      "SELECT toStartOfInterval(toDateTime(Timestamp), INTERVAL 20 second) AS time FROM spans WHERE Timestamp >= toDateTime(1415792726) AND Timestamp <= toDateTime(1447328726) AND WorkspaceId IN ('a','o\\'brien')",
    );
  });
});
