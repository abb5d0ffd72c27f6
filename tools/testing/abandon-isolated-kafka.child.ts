/** A test process that starts an isolated Kafka and then dies without cleaning up (see isolated.int.spec.ts). */
import { readPid } from '../infra/process';
import { startIsolatedInfra } from '../infra/isolated';

startIsolatedInfra('abandoned', { kafka: true }).then((infra) => {
  const pid = readPid(`${infra.settings.dir}/kafka/kafka.pid`);
  process.stdout.write(`READY ${pid} ${infra.settings.dir}\n`);
  setInterval(() => undefined, 60_000);
});
