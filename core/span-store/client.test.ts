import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { createChdbClient } from '../clickhouse/chdb-executor';
import { clientExecutor } from '../clickhouse/client-executor';
import { migrate } from '../clickhouse/migrate';
import { spanMigrations } from '../../schemas/clickhouse/span-migrations';
import { createClickHouseSpanStore } from './clickhouse-span-store';
import { spanStoreContract } from './contract';

// The executor a ClickHouse server gets (one @clickhouse/client, inserts through exec), on a chdb connection.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-client-')), 'clickhouse');

spanStoreContract('@clickhouse/client (server code path over a chdb connection)', async () => {
  const executor = clientExecutor(createChdbClient(createChdbConnection({ path })));
  await migrate(executor, spanMigrations);
  return createClickHouseSpanStore(executor);
});
