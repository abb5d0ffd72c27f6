import { ensureInfra, infraEnv } from './infra';
import { kafkaStatus, stopKafka } from './kafka';
import { postgresStatus, stopPostgres } from './postgres';
import { infraSettings } from './settings';

const log = (line: string) => console.log(line);

async function up(): Promise<void> {
  const infra = await ensureInfra(infraSettings(), log);
  const reuse = (startedHere: boolean) => (startedHere ? 'started' : 'already running');
  log(`PostgreSQL ${reuse(infra.postgres.startedHere)}: ${redact(infra.postgres.adminUrl)}`);
  log(`Kafka      ${reuse(infra.kafka.startedHere)}: ${infra.kafka.brokers.join(',')}`);
  log('\nEnvironment for the services and tests:');
  for (const [name, value] of Object.entries(infraEnv(infra))) log(`  ${name}=${value}`);
}

async function down(): Promise<void> {
  const settings = infraSettings();
  const [kafka, postgres] = await Promise.all([stopKafka(settings), stopPostgres(settings)]);
  log(`Kafka:      ${kafka ? 'stopped' : 'was not running (or is external)'}`);
  log(`PostgreSQL: ${postgres ? 'stopped' : 'was not running (or is external)'}`);
}

async function status(): Promise<void> {
  const settings = infraSettings();
  const [kafka, postgres] = await Promise.all([kafkaStatus(settings), postgresStatus(settings)]);
  log(`PostgreSQL: ${describe(postgres.running, postgres.external, postgres.pid)} port ${postgres.port}`);
  log(`Kafka:      ${describe(kafka.running, kafka.external, kafka.pid)} ${kafka.brokers.join(',')}`);
  if (!kafka.running || !postgres.running) process.exitCode = 3;
}

function describe(running: boolean, external: boolean, pid?: number): string {
  if (external) return running ? 'external, reachable,' : 'external, UNREACHABLE,';
  return running ? `running (pid ${pid}),` : 'stopped,';
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

const commands: Record<string, () => Promise<void>> = { up, down, status };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('usage: tsx tools/infra/cli.ts up|down|status');
  process.exit(2);
}
command().catch((error: unknown) => {
  console.error(`infra ${process.argv[2]} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
