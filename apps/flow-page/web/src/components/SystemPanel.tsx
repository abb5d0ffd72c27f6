import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ControlledProcess, ProcessSample, SystemSnapshot } from '../../../src/shared/flow-api';
import { api } from '../api';
import { AnswerLine } from './AnswerLine';
import { Sparkline } from './Sparkline';

function ProcessRow({ sample, control }: { sample: ProcessSample; control?: ControlledProcess }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (verb: 'stop' | 'start') => api.control(sample.name, verb),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['system'] }),
  });
  const busy = control?.state === 'starting' || control?.state === 'stopping' || act.isPending;
  return (
    <tr data-testid={`process-${sample.name}`}>
      <td>{sample.name}</td>
      <td className={sample.reachable ? `readiness ${sample.readiness}` : 'readiness down'}>{sample.reachable ? sample.readiness : 'down'}</td>
      {control && (
        <td>
          <span className="hint">{control.state}</span>{' '}
          {control.state === 'running' ? (
            <button disabled={busy} onClick={() => act.mutate('stop')} aria-label={`stop ${sample.name}`}>
              Stop
            </button>
          ) : (
            <button disabled={busy} onClick={() => act.mutate('start')} aria-label={`start ${sample.name}`}>
              Start
            </button>
          )}
          {control.error && <span className="hint"> {control.error}</span>}
          {act.data && !act.data.ok && <AnswerLine label="" answer={act.data} />}
        </td>
      )}
    </tr>
  );
}

/** The system, live: each process's health, breakers, outbox backlog per relay, lag per consumer group. */
export function SystemPanel({ snapshot, error }: { snapshot?: SystemSnapshot; error: Error | null }) {
  if (!snapshot) return <aside className="system">{error ? `GET /api/system failed: ${error.message}` : 'Sampling the system…'}</aside>;
  const { processes, history, control } = snapshot;
  const controlled = (name: string) => (control.available ? control.processes.find((p) => p.name === name) : undefined);
  const breakers = processes.flatMap((p) => p.breakers.map((breaker) => ({ ...breaker, process: p.name })));
  const relays = processes.filter((p) => p.role === 'relay');
  const groups = Object.keys(history.at(-1)?.lag ?? {}).sort();

  return (
    <aside className="system" aria-label="system">
      <h2>Processes</h2>
      <table>
        <tbody>
          {processes.map((sample) => (
            <ProcessRow key={sample.name} sample={sample} control={controlled(sample.name)} />
          ))}
        </tbody>
      </table>
      {!control.available && <p className="hint">{control.reason}</p>}

      <h2>Circuit breakers</h2>
      <ul className="breakers">
        {breakers.length === 0 && <li className="hint">no breaker reported (is order-service up?)</li>}
        {breakers.map((breaker) => (
          <li key={`${breaker.process}/${breaker.dependency}`} data-testid={`breaker-${breaker.dependency}`} className={`breaker ${breaker.state}`}>
            {breaker.process} → {breaker.dependency}: <strong>{breaker.state}</strong>
          </li>
        ))}
      </ul>

      <h2>Outbox backlog</h2>
      <table>
        <tbody>
          {relays.map((relay) => (
            <tr key={relay.name} data-testid={`backlog-${relay.name}`}>
              <td>{relay.name}</td>
              <td>
                <strong>{relay.outbox ? relay.outbox.backlog : '?'}</strong>
                <span className="hint">
                  {relay.outbox ? ` oldest ${relay.outbox.oldestUnsentAgeSeconds.toFixed(1)} s${relay.outbox.leader ? '' : ', standby'}` : ' relay down: rows wait'}
                </span>
              </td>
              <td>
                <Sparkline history={history} value={(point) => point.backlog[relay.name]} label={`backlog of ${relay.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Consumer lag</h2>
      <table>
        <tbody>
          {groups.map((group) => (
            <tr key={group} data-testid={`lag-${group}`}>
              <td>{group}</td>
              <td>
                <strong>{history.at(-1)?.lag[group] ?? 0}</strong>
              </td>
              <td>
                <Sparkline history={history} value={(point) => point.lag[group]} label={`lag of ${group}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Lag: the partitions' end minus the group's committed offsets, from Kafka — it grows while a consumer is down. Backlog
        and breakers: each process's /metrics.
      </p>
    </aside>
  );
}
