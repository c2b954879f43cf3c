import { createLogger } from '../core/logger';
import { adminUsage, runAdminCommand } from './admin-commands';
import { firstAdminLine, openMetadata } from './metadata';
import { openSpanEngine, startRole, type Role } from './roles';
import { parseArgs, settings } from './settings';

const usage = `spanloop — OpenTelemetry-native observability and evaluation backend for LLM applications

Usage: spanloop <command> [flags]

Commands:
  start      run every role in one process (embedded bus and stores unless configured otherwise)
  collector  receive OTLP and publish it to Kafka (SPANLOOP_BUS=kafka)
  ingester   write the Kafka spans topic into the span store (SPANLOOP_BUS=kafka)
  query      serve the API over the span store
  migrate    bring the stores' schemas up to date and exit
${adminUsage}
  help      show this text

Configuration (environment variable, or the flag that mirrors it):
${settings.map((s) => `  ${s.env.padEnd(30)} ${s.flag.padEnd(22)} ${s.help}`).join('\n')}
`;

/**
 * Ends the process at once with SIGKILL (status 137 to a supervisor). process.exit can hang for good once the
 * embedded ClickHouse caught a fatal signal: exit waits for a thread frozen in its signal handler.
 */
const killSelf = () => process.kill(process.pid, 'SIGKILL');

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${usage}`);
    return 2;
  }
  const { command, config } = parsed;
  const logger = createLogger(config.logLevel);
  switch (command) {
    case undefined:
    case 'help':
      process.stdout.write(usage);
      return 0;
    case 'migrate': {
      const { store } = await openSpanEngine(config);
      await store.close();
      await (await openMetadata(config, logger)).close();
      logger.info('span store and metadata schemas are up to date', { dataDir: config.dataDir });
      return 0;
    }
    case 'workspaces':
    case 'keys':
      return runAdminCommand(command, parsed.rest, config, logger, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    case 'start':
    case 'collector':
    case 'ingester':
    case 'query': {
      const role: Role = command;
      process.stdout.write(`Spanloop ${role} is starting\n`);
      const running = await startRole(role, config, logger, {
        onFatal: killSelf,
        onStep: (step, ms) => process.stdout.write(`  ${step} (${(ms / 1000).toFixed(1)} s)\n`),
      });
      const { otlpGrpc, otlpHttp, api } = running.ports;
      const where = [
        config.bus.kind === 'kafka' ? `Kafka ${config.bus.brokers.join(',')}` : 'in-process bus',
        config.clickhouse.kind === 'server'
          ? `ClickHouse ${config.clickhouse.url}`
          : `data in ${config.dataDir}`,
      ];
      const lines = [`Spanloop ${role} is running (${where.join(', ')})`];
      if (otlpGrpc > 0) lines.push(`  OTLP/gRPC  ${config.host}:${otlpGrpc}`);
      if (otlpHttp > 0) lines.push(`  OTLP/HTTP  http://${config.host}:${otlpHttp}/v1/traces`);
      lines.push(
        role === 'collector' || role === 'ingester'
          ? `  Health     http://${config.host}:${api}/healthz`
          : `  API        http://${config.host}:${api}/api/v1`,
      );
      if (role === 'start' || role === 'query') lines.push(`  Console    http://${config.host}:${api}/`);
      if (running.firstAdmin) lines.push(`  ${firstAdminLine(running.firstAdmin)}`);
      process.stdout.write(lines.join('\n') + '\n');
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info('shutting down: writing accepted spans', {
            signal,
            drainTimeoutMs: config.drainTimeoutMs,
          });
          // Whatever hangs in the drain (a failed engine, a stuck broker), the process ends within the timeout.
          setTimeout(() => {
            logger.error('the drain did not finish in time; exiting', {
              drainTimeoutMs: config.drainTimeoutMs,
            });
            killSelf();
          }, config.drainTimeoutMs).unref();
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.stop();
      logger.info('stopped');
      return 0;
    }
    default:
      process.stderr.write(`unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

const argv = process.argv.slice(2);
const wantsHelp = argv.includes('--help') || argv.includes('-h');
main(wantsHelp ? ['help'] : argv).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`spanloop: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
